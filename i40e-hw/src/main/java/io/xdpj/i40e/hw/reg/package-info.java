/**
 * BAR0 register offsets and fields, one class per hardware block, named as Intel names them ({@code I40E_} prefix
 * dropped). Every constant cites its facts section ({@code /work/shared/reference/i40e-facts.md}). Indexed registers
 * are static methods taking the index and returning the byte offset. Every register is 32 bits wide.
 */
package io.xdpj.i40e.hw.reg;
