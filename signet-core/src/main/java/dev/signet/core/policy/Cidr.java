package dev.signet.core.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block (a bare address is a /32 or /128). Only literal addresses are read:
 * a name is never resolved.
 */
record Cidr(byte[] network, int prefix) {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = address(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int bits = bytes.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String suffix = text.substring(slash + 1);
            if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(suffix);
        }
        return Optional.of(new Cidr(bytes.get(), prefix));
    }

    /** The bytes of a literal IPv4 (4) or IPv6 (16) address. */
    static Optional<byte[]> address(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // a literal with ':' or dotted digits only, so no name lookup takes place
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return v6 && bytes.length == 4 ? Optional.empty() : Optional.of(bytes);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(String requestAddress) {
        Optional<byte[]> bytes = address(requestAddress);
        if (bytes.isEmpty() || bytes.get().length != network.length) {
            return false;
        }
        byte[] candidate = bytes.get();
        int full = prefix / 8;
        for (int k = 0; k < full; k++) {
            if (candidate[k] != network[k]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}
