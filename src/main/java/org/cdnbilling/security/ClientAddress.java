package org.cdnbilling.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The client a request comes from, as {@link LoginThrottle} counts it: its IPv4 address, or the /64 network
 * of its IPv6 address (one client usually holds a whole /64). Behind a reverse proxy, set
 * {@code server.forward-headers-strategy} so that {@link HttpServletRequest#getRemoteAddr()} is the client's.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServletRequest request) {
        return key(request.getRemoteAddr());
    }

    static String key(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
            return String.valueOf(remoteAddress);
        }
        try {
            InetAddress address = InetAddress.getByName(remoteAddress);   // a literal: no name look-up
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder network = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return network.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
