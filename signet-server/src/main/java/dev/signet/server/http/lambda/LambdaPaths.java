package dev.signet.server.http.lambda;

import dev.signet.server.service.csc.LambdaErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw request path into percent-decoded segments. Every member Lambda carries in these
 * paths (config ARNs, function names and ARNs) is ASCII, so an escape must decode to a printable
 * ASCII character; anything else, or a broken escape, is an InvalidParameterValueException.
 */
final class LambdaPaths {
    private LambdaPaths() {}

    static List<String> of(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw));
            }
        }
        return segments;
    }

    private static String decode(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            int decoded = high * 16 + low;
            if (high < 0 || low < 0 || decoded < 0x20 || decoded > 0x7e) {
                throw LambdaErrors.invalidParameter(
                        "request path has a broken percent escape or a character no Lambda name may hold");
            }
            out.append((char) decoded);
            i += 2;
        }
        return out.toString();
    }
}
