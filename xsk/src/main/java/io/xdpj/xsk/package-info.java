/** Module xsk. */
package io.xdpj.xsk;
