/** Module i40e-hw. */
package io.xdpj.i40e.hw;
