package dev.atelier.server.files;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether the server may connect to a host on a client's behalf (input URLs, webhook targets): public
 * addresses yes; loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast and reserved ranges no,
 * unless the operator's allow-list names the host or a CIDR containing it. Every address a name resolves to must
 * pass, so a name with one public and one private address is refused.
 */
public final class AddressGuard {
    private record Cidr(byte[] network, int prefix) {
        boolean contains(InetAddress a) {
            byte[] addr = a.getAddress();
            if (addr.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(addr.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not();
            BigInteger x = new BigInteger(1, addr).and(mask);
            BigInteger n = new BigInteger(1, network).and(mask);
            return x.equals(n);
        }
    }

    private static final List<Cidr> BLOCKED = List.of(
            cidr("0.0.0.0/8"), cidr("100.64.0.0/10"), cidr("192.0.0.0/24"), cidr("198.18.0.0/15"),
            cidr("240.0.0.0/4"), cidr("fc00::/7"), cidr("2001:db8::/32"), cidr("64:ff9b::/96"),
            // IPv6 transition ranges that carry an IPv4 address inside (6to4, Teredo): they could reach private v4
            cidr("2002::/16"), cidr("2001::/32"));

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Cidr> allowedCidrs = new ArrayList<>();

    /** @param allowlist host names and CIDRs ({@code ATELIER_FETCH_ALLOWLIST}) that may be reached anyway */
    public AddressGuard(List<String> allowlist) {
        for (String entry : allowlist) {
            if (entry.contains("/")) {
                allowedCidrs.add(cidr(entry));
            } else {
                allowedHosts.add(entry.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The addresses of {@code host} if every one of them may be reached; else a {@link BlockedAddressException}. */
    public List<InetAddress> check(String host) throws BlockedAddressException, UnknownHostException {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        InetAddress[] addresses = InetAddress.getAllByName(h);
        if (allowedHosts.contains(h)) {
            return List.of(addresses);
        }
        for (InetAddress a : addresses) {
            if (isForbidden(a) && allowedCidrs.stream().noneMatch(c -> c.contains(a))) {
                throw new BlockedAddressException(host + " resolves to " + a.getHostAddress()
                        + ", a private, loopback or reserved address; the server will not connect there "
                        + "(an operator can allow it with ATELIER_FETCH_ALLOWLIST)");
            }
        }
        return List.of(addresses);
    }

    static boolean isForbidden(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        if (a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255")) {
            return true;
        }
        if (a instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return true;
        }
        return BLOCKED.stream().anyMatch(c -> c.contains(a));
    }

    private static Cidr cidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + s);
        }
        try {
            byte[] net = InetAddress.getByName(s.substring(0, slash).trim()).getAddress();
            int prefix = Integer.parseInt(s.substring(slash + 1).trim());
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + s);
            }
            return new Cidr(net, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + s, e);
        }
    }

    /** The target may not be reached. */
    public static final class BlockedAddressException extends Exception {
        public BlockedAddressException(String message) {
            super(message);
        }
    }
}
