/**
 * LAN HMC (host memory cache) definitions: the Rx and Tx queue context field tables (facts 5.6, 5.7), the one
 * bit-packing routine that writes and reads them (facts 5.5), decoded context value classes, and the HMC geometry
 * constants (segment descriptors, page descriptors, object sizes; facts 5.2-5.4).
 */
package io.xdpj.i40e.hw.hmc;
