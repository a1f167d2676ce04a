package dev.atelier.server.ratelimit;

import io.javalin.http.Context;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is: the socket's peer address, unless that peer is a trusted proxy, in which case the
 * {@code X-Forwarded-For} chain is read from the right, skipping trusted proxies, and the first other address is the
 * client. No proxy is trusted by default, so a client cannot pick its own address by sending the header.
 */
public final class ClientAddress {
    /** The request attribute the filter stores the resolved address in. */
    static final String ATTRIBUTE = "atelier.client_ip";

    private record Cidr(BigInteger network, BigInteger mask, int length) {
        boolean contains(byte[] address) {
            return address.length == length && new BigInteger(1, address).and(mask).equals(network);
        }
    }

    private final List<Cidr> trusted = new ArrayList<>();

    /** @param trustedProxies addresses ({@code 10.0.0.5}) and CIDRs ({@code 10.0.0.0/8}) of trusted proxies */
    public ClientAddress(List<String> trustedProxies) {
        for (String entry : trustedProxies) {
            trusted.add(cidr(entry));
        }
    }

    /** The client's address given the socket peer and the {@code X-Forwarded-For} header (may be null). */
    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = strip(hops[i].trim());
            if (hop.isEmpty()) {
                continue;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return strip(hops[0].trim());
    }

    /** The address the filter resolved for this request, or the socket peer when the filter did not run. */
    public static String of(Context ctx) {
        String resolved = ctx.attribute(ATTRIBUTE);
        return resolved != null ? resolved : ctx.req().getRemoteAddr();
    }

    private boolean isTrusted(String address) {
        if (trusted.isEmpty() || address == null || !looksLikeIp(address)) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return trusted.stream().anyMatch(c -> c.contains(bytes));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Only literals: a header value must never make the server resolve a name. */
    private static boolean looksLikeIp(String s) {
        return s.matches("[0-9.]+") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+"));
    }

    private static String strip(String hop) {
        if (hop.startsWith("[") && hop.contains("]")) {
            return hop.substring(1, hop.indexOf(']'));
        }
        if (hop.indexOf(':') > 0 && hop.indexOf(':') == hop.lastIndexOf(':')) {
            return hop.substring(0, hop.indexOf(':')); // IPv4 with a port
        }
        return hop;
    }

    private static Cidr cidr(String entry) {
        String[] parts = entry.trim().split("/", 2);
        if (!looksLikeIp(parts[0])) {
            throw new IllegalArgumentException("ATELIER_TRUSTED_PROXIES takes addresses and CIDRs, got '" + entry + "'");
        }
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = net.length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in '" + entry + "'");
            }
            BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            BigInteger mask = all.shiftRight(prefix).xor(all);
            return new Cidr(new BigInteger(1, net).and(mask), mask, net.length);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or CIDR: '" + entry + "'", e);
        }
    }
}
