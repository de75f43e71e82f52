/**
 * Fixed-slot single-producer/single-consumer rings with the kernel AF_XDP layout and semantics.
 */
package io.xdpj.ring;
