/**
 * The i40e PF poll-mode driver: admin queue, LAN HMC, PF bring-up, VSI, Rx/Tx queues with scalar and batched
 * cleaning, zero-copy AF_XDP through the xsk layer, statistics and link.
 */
package io.xdpj.i40e;
