/** Module bench. */
package io.xdpj.bench;
