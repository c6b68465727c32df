package dev.signet.server.http.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.Json;
import dev.signet.server.http.RequestLog;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.csc.CodeSigningConfig;
import dev.signet.server.service.csc.CodeSigningConfigService;
import dev.signet.server.service.csc.CodeSigningConfigService.CscPage;
import dev.signet.server.service.csc.CodeSigningConfigService.FunctionConfig;
import dev.signet.server.service.csc.CodeSigningConfigService.FunctionPage;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nine code-signing-config operations of AWS Lambda {@code 2015-03-31} (restJson1) at Lambda's
 * routes and status codes. Handlers are thin: decode, call one service method, encode. Any other
 * route is an UnknownOperationException; errors are {@link ServiceException}s that the dispatcher
 * writes in Lambda's error shape.
 */
public final class LambdaRoutes implements AwsProtocolService {
    private static final String CONFIGS = "2020-04-22/code-signing-configs";
    private static final String FUNCTIONS = "2020-06-30/functions";

    private final CodeSigningConfigService configs;
    private final ObjectMapper mapper = Json.mapper();
    private final Arns arns;

    public LambdaRoutes(CodeSigningConfigService configs, Arns arns) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.arns = Objects.requireNonNull(arns, "arns");
    }

    /**
     * {@code lambda:OPERATION}: the configuration operations act on the config's ARN (the path
     * names it), the function operations on the function's ARN, creating and listing on {@code *};
     * PutFunctionCodeSigningConfig carries {@code lambda:CodeSigningConfigArn}. Unknown routes are
     * refused here.
     */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        List<String> path = LambdaPaths.of(ctx.path());
        String method = ctx.method().name();
        String collection = path.size() >= 2 ? path.get(0) + "/" + path.get(1) : "";
        Arns own = arns.inAccount(caller.accountId());
        if (collection.equals(CONFIGS) && path.size() <= 4) {
            String suffix = path.size() == 2 ? "" : path.size() == 3 ? "/{}" : "/{}/" + path.get(3);
            String operation = CONFIG_OPERATIONS.get(method + " " + suffix);
            RequestLog.operation(ctx, operation == null ? RequestLog.UNKNOWN : operation);
            if (operation == null) {
                throw unknown(method, ctx);
            }
            String resource = path.size() == 2 ? "*" : qualified(path.get(2), own::codeSigningConfig);
            return new AccessRequest("lambda:" + operation, resource);
        }
        if (collection.equals(FUNCTIONS) && path.size() == 4 && path.get(3).equals("code-signing-config")) {
            String operation = FUNCTION_OPERATIONS.get(method);
            RequestLog.operation(ctx, operation == null ? RequestLog.UNKNOWN : operation);
            if (operation == null) {
                throw unknown(method, ctx);
            }
            String function = qualified(path.get(2), own::lambdaFunction);
            return method.equals("PUT")
                    ? AccessRequest.withKey(
                            "lambda:" + operation,
                            function,
                            "lambda:CodeSigningConfigArn",
                            LambdaRequests.cscArn(mapper, ctx.bodyAsBytes()))
                    : new AccessRequest("lambda:" + operation, function);
        }
        throw unknown(method, ctx);
    }

    /** A name or an ARN as the path gives it: ARNs as they are, names in the caller's account. */
    private static String qualified(String nameOrArn, java.util.function.UnaryOperator<String> arnOf) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : arnOf.apply(nameOrArn);
    }

    @Override
    public String signingName() {
        return "lambda";
    }

    @Override
    public void handle(Context ctx, Caller caller) throws IOException {
        List<String> path = LambdaPaths.of(ctx.path());
        Response response = route(ctx.method().name(), path, ctx, caller);
        ctx.status(response.status());
        if (response.body() == null) {
            ctx.result(new byte[0]);
            return;
        }
        ctx.contentType("application/json");
        ctx.result(mapper.writeValueAsBytes(response.body()));
    }

    private record Response(int status, ObjectNode body) {
        static Response ok(ObjectNode body) {
            return new Response(200, body);
        }
    }

    private Response route(String method, List<String> path, Context ctx, Caller caller) {
        String collection = path.size() >= 2 ? path.get(0) + "/" + path.get(1) : "";
        if (collection.equals(CONFIGS) && path.size() <= 4) {
            return configRoute(method, path, ctx, caller);
        }
        if (collection.equals(FUNCTIONS) && path.size() == 4 && path.get(3).equals("code-signing-config")) {
            return functionRoute(method, path.get(2), ctx, caller);
        }
        throw unknown(method, ctx);
    }

    /** Lambda's operation names, for the request log and metrics. */
    private static final Map<String, String> CONFIG_OPERATIONS = Map.of(
            "POST ", "CreateCodeSigningConfig",
            "GET ", "ListCodeSigningConfigs",
            "GET /{}", "GetCodeSigningConfig",
            "PUT /{}", "UpdateCodeSigningConfig",
            "DELETE /{}", "DeleteCodeSigningConfig",
            "GET /{}/functions", "ListFunctionsByCodeSigningConfig");

    private static final Map<String, String> FUNCTION_OPERATIONS = Map.of(
            "PUT", "PutFunctionCodeSigningConfig",
            "GET", "GetFunctionCodeSigningConfig",
            "DELETE", "DeleteFunctionCodeSigningConfig");

    private Response configRoute(String method, List<String> path, Context ctx, Caller caller) {
        String suffix = path.size() == 2 ? "" : path.size() == 3 ? "/{}" : "/{}/" + path.get(3);
        RequestLog.operation(ctx, CONFIG_OPERATIONS.getOrDefault(method + " " + suffix, RequestLog.UNKNOWN));
        return switch (method + " " + suffix) {
            case "POST " -> {
                CodeSigningConfig created = configs.create(caller, LambdaRequests.create(mapper, ctx.bodyAsBytes()));
                yield new Response(201, LambdaResponses.wrapped(created, configs.arn(created)));
            }
            case "GET " -> Response.ok(list(ctx, caller));
            case "GET /{}" -> Response.ok(wrapped(configs.get(caller, path.get(2))));
            case "PUT /{}" ->
                Response.ok(
                        wrapped(configs.update(caller, path.get(2), LambdaRequests.update(mapper, ctx.bodyAsBytes()))));
            case "DELETE /{}" -> {
                configs.delete(caller, path.get(2));
                yield new Response(204, null);
            }
            case "GET /{}/functions" -> Response.ok(listFunctions(path.get(2), ctx, caller));
            default -> throw unknown(method, ctx);
        };
    }

    private Response functionRoute(String method, String functionName, Context ctx, Caller caller) {
        RequestLog.operation(ctx, FUNCTION_OPERATIONS.getOrDefault(method, RequestLog.UNKNOWN));
        return switch (method) {
            case "PUT" ->
                Response.ok(function(
                        configs.attach(caller, functionName, LambdaRequests.cscArn(mapper, ctx.bodyAsBytes()))));
            case "GET" -> Response.ok(function(configs.configOf(caller, functionName)));
            case "DELETE" -> {
                configs.detach(caller, functionName);
                yield new Response(204, null);
            }
            default -> throw unknown(method, ctx);
        };
    }

    private ObjectNode list(Context ctx, Caller caller) {
        CscPage page = configs.list(caller, LambdaRequests.marker(ctx), LambdaRequests.maxItems(ctx));
        ObjectNode out = LambdaResponses.object();
        page.nextMarker().ifPresent(m -> out.put("NextMarker", m));
        ArrayNode list = out.putArray("CodeSigningConfigs");
        page.configs().forEach(c -> list.add(LambdaResponses.config(c, configs.arn(c))));
        return out;
    }

    private ObjectNode listFunctions(String cscArn, Context ctx, Caller caller) {
        FunctionPage page =
                configs.listFunctions(caller, cscArn, LambdaRequests.marker(ctx), LambdaRequests.maxItems(ctx));
        ObjectNode out = LambdaResponses.object();
        page.nextMarker().ifPresent(m -> out.put("NextMarker", m));
        ArrayNode list = out.putArray("FunctionArns");
        page.functionArns().forEach(list::add);
        return out;
    }

    private ObjectNode wrapped(CodeSigningConfig config) {
        return LambdaResponses.wrapped(config, configs.arn(config));
    }

    private static ObjectNode function(FunctionConfig config) {
        ObjectNode out = LambdaResponses.object();
        out.put("CodeSigningConfigArn", config.codeSigningConfigArn());
        out.put("FunctionName", config.function().name());
        return out;
    }

    private static ServiceException unknown(String method, Context ctx) {
        return new ServiceException(
                "UnknownOperationException",
                404,
                "no Lambda code signing operation is served at " + method + " " + Validation.printable(ctx.path()));
    }
}
