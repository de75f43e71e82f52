/** Module sim. */
package io.xdpj.sim;
