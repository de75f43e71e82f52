/**
 * Admin queue definitions (facts 3, 4): the 32-byte descriptor layout and flag bits, the return codes, the opcodes,
 * and one class per command (family) with its parameter offsets, buffer layouts and values. Parameter offsets in the
 * command classes are relative to the 16-byte params area, as the facts give them; add
 * {@link io.xdpj.i40e.hw.aq.AdminQueueDescriptor#PARAMS} for the descriptor byte. Everything is little-endian.
 */
package io.xdpj.i40e.hw.aq;
