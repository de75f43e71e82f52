/**
 * LAN descriptor layouts (facts section 7): the Rx descriptor in its read and write-back formats, 16 and 32 bytes
 * ({@link io.xdpj.i40e.hw.desc.RxDescriptor}), the Tx data descriptor and its DTYPE 0xF completion
 * ({@link io.xdpj.i40e.hw.desc.TxDescriptor}), the Tx context descriptor
 * ({@link io.xdpj.i40e.hw.desc.TxContextDescriptor}) and ring geometry ({@link io.xdpj.i40e.hw.desc.RingGeometry}).
 * Static, allocation-free accessors over raw words or Agrona buffers, named as Intel names the fields, shared by the
 * driver and the device model.
 */
package io.xdpj.i40e.hw.desc;
