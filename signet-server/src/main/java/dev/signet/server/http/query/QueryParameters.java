package dev.signet.server.http.query;

import dev.signet.server.service.ServiceException;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members of a Query protocol request (IAM, STS): the form-encoded body of a POST and the query
 * string of any request, decoded as {@code application/x-www-form-urlencoded}. Refuses, as an
 * InvalidParameterValue or ValidationError that changes nothing: a malformed escape, a parameter
 * given twice, more than {@value #MAX_PARAMETERS} parameters, a list member without its pair.
 */
public final class QueryParameters {
    static final int MAX_PARAMETERS = 1000;
    private static final Pattern TAG_MEMBER = Pattern.compile("Tags\\.member\\.([1-9][0-9]{0,3})\\.(Key|Value)");

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The parameters of the request, cached on it (the authorizer and the handler both read them). */
    public static QueryParameters of(Context ctx) {
        QueryParameters cached = ctx.attribute(QueryParameters.class.getName());
        if (cached != null) {
            return cached;
        }
        Map<String, String> values = new LinkedHashMap<>();
        addAll(values, ctx.req().getQueryString());
        if ("POST".equals(ctx.method().name())) {
            addAll(values, new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
        }
        QueryParameters parsed = new QueryParameters(values);
        ctx.attribute(QueryParameters.class.getName(), parsed);
        return parsed;
    }

    /** Parses form-encoded text (for tests and the handlers above). */
    static QueryParameters parse(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        addAll(values, form);
        return new QueryParameters(values);
    }

    private static void addAll(Map<String, String> values, String form) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.putIfAbsent(name, value) != null) {
                throw new ServiceException(
                        "InvalidParameterValue", 400, "The parameter " + name + " is given more than once.");
            }
            if (values.size() > MAX_PARAMETERS) {
                throw new ServiceException(
                        "InvalidParameterValue", 400, "A request has at most " + MAX_PARAMETERS + " parameters.");
            }
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ServiceException("MalformedQueryString", 400, "The request's parameters are not form-encoded.");
        }
    }

    /** The names of the parameters given, in request order. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A required member: MissingParameter (400) when absent. */
    public String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0))
                            + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    /** An integer member; a value that is not one is a ValidationError. */
    public Optional<Integer> integer(String name) {
        return optional(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ServiceException(
                        "ValidationError", 400, "The value of " + name + " must be an integer, not '" + v + "'.");
            }
        });
    }

    /**
     * The {@code NAME.member.N} list in member order (N from 1); empty when none is given. A gap in
     * the numbering is refused, as the SDKs never send one.
     */
    public java.util.List<String> list(String name) {
        String prefix = name + ".member.";
        TreeMap<Integer, String> members = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String index = e.getKey().substring(prefix.length());
                if (!index.matches("[1-9][0-9]{0,3}")) {
                    throw new ServiceException(
                            "ValidationError", 400, "The member " + prefix + index + " is not a list member.");
                }
                members.put(Integer.parseInt(index), e.getValue());
            }
        }
        if (!members.isEmpty() && members.lastKey() != members.size()) {
            throw new ServiceException(
                    "ValidationError", 400, "The members of " + name + " must be numbered from 1 without gaps.");
        }
        return java.util.List.copyOf(members.values());
    }

    /**
     * The {@code Tags.member.N.Key} / {@code .Value} list as a map in member order; a member given
     * without its key or value, or a key given twice, is refused.
     */
    public Map<String, String> tags() {
        TreeMap<Integer, String[]> members = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = TAG_MEMBER.matcher(e.getKey());
            if (m.matches()) {
                String[] pair = members.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                pair[m.group(2).equals("Key") ? 0 : 1] = e.getValue();
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String[] pair : members.values()) {
            if (pair[0] == null || pair[1] == null) {
                throw new ServiceException("ValidationError", 400, "Each member of Tags needs a Key and a Value.");
            }
            if (tags.put(pair[0], pair[1]) != null) {
                throw new ServiceException(
                        "InvalidInput",
                        400,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        return tags;
    }
}
