package dev.signet.server.http;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated native routes under {@code /v1}. A request reaches them when it is signed with
 * SigV4 for the service name {@value #SIGNING_NAME} (credential scope {@code
 * .../signet/aws4_request}): the dispatcher verifies the signature and hands over the {@link Caller},
 * exactly as for the AWS services. Unsigned {@code /v1} requests still go to the public {@link
 * NativeRoutes}. Routes are matched exactly on method and path; others are a 404 NotFoundException.
 *
 * <p>Features contribute routes as {@link RouteSet}s, built over their services by the server's
 * composition root and handed to {@link #NativeApi(List)}.
 */
public final class NativeApi implements AwsProtocolService {
    public static final String SIGNING_NAME = "signet";

    /** Handles one authenticated route; throw {@link ServiceException} to refuse. */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    /** A feature's routes: registers its handlers, which call the services it was given. */
    public interface RouteSet {
        void register(NativeApi api);
    }

    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, String> operations = new ConcurrentHashMap<>();
    private final Map<String, AccessRequest> actions = new ConcurrentHashMap<>();
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, StreamingBody> streaming = new ConcurrentHashMap<>();

    /** The authenticated native API serving the routes {@code sets} register. */
    public NativeApi(List<RouteSet> sets) {
        sets.forEach(set -> set.register(this));
    }

    /**
     * Registers an authenticated route, e.g. {@code add("POST", "/v1/certificates",
     * "ImportCertificate", handler)}: callers need {@code signet:ACTION} on {@code *} to use it.
     */
    public void add(String method, String path, String action, Handler handler) {
        add(method, path, action, "*", handler);
    }

    /**
     * Registers an authenticated route whose callers need {@code signet:ACTION} on {@code
     * resource}, an ARN (its account decides whether the request is cross-account) or {@code *}.
     */
    public void add(String method, String path, String action, String resource, Handler handler) {
        if (!path.startsWith(NativeRoutes.PREFIX)) {
            throw new IllegalArgumentException("native routes live under " + NativeRoutes.PREFIX);
        }
        String key = method + " " + path;
        if (routes.putIfAbsent(key, handler) != null) {
            throw new IllegalArgumentException("route registered twice: " + key);
        }
        operations.put(key, method + ":" + path);
        actions.put(key, new AccessRequest(SIGNING_NAME + ":" + action, resource));
    }

    /**
     * The ARN a request acts on, read from the request (its buffered body, its query) before the
     * route runs; throw {@link ServiceException} to refuse a request that names none.
     */
    @FunctionalInterface
    public interface Resource {
        String of(Context ctx, Caller caller);
    }

    /**
     * Registers an authenticated route whose callers need {@code signet:ACTION} on the resource
     * {@code resource} names for each request (a profile's or a job's ARN), not on {@code *}.
     */
    public void add(String method, String path, String action, Resource resource, Handler handler) {
        add(method, path, action, handler);
        resources.put(method + " " + path, resource);
    }

    /** Decides per request whether a route reads its body as a stream ({@link #streamsBody}). */
    @FunctionalInterface
    public interface StreamingBody {
        boolean streams(Context ctx);
    }

    /**
     * Registers an authenticated route that reads its body (when {@code streams} says so for a
     * request) through {@link RequestBodies#open} instead of buffering it; see {@link
     * AwsProtocolService#streamsBody}.
     */
    public void addStreaming(String method, String path, String action, StreamingBody streams, Handler handler) {
        add(method, path, action, handler);
        streaming.put(method + " " + path, streams);
    }

    @Override
    public boolean streamsBody(Context ctx) {
        StreamingBody streams =
                streaming.get(ctx.req().getMethod() + " " + ctx.req().getRequestURI());
        return streams != null && streams.streams(ctx);
    }

    @Override
    public String signingName() {
        return SIGNING_NAME;
    }

    /**
     * The route's {@code signet:ACTION} on its fixed resource ({@code *} unless registered with
     * one) or on its {@link Resource}; a path no route serves is refused here.
     */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        String key = ctx.req().getMethod() + " " + ctx.req().getRequestURI();
        AccessRequest request = actions.get(key);
        if (request == null) {
            throw noSuchRoute(ctx);
        }
        Resource resource = resources.get(key);
        return resource == null ? request : new AccessRequest(request.action(), resource.of(ctx, caller));
    }

    @Override
    public void handle(Context ctx, Caller caller) throws Exception {
        String key = ctx.req().getMethod() + " " + ctx.req().getRequestURI();
        Handler handler = routes.get(key);
        if (handler == null) {
            throw noSuchRoute(ctx);
        }
        // METHOD:PATH, as for the public routes
        RequestLog.operation(ctx, operations.get(key));
        handler.handle(ctx, caller);
    }

    private static ServiceException noSuchRoute(Context ctx) {
        return new ServiceException(
                "NotFoundException",
                404,
                "No such route: " + ctx.req().getMethod() + " " + ctx.req().getRequestURI());
    }
}
