package dev.signet.server.service.csc;

import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda code-signing-config use cases: manage configs and attach them to functions. Signet runs
 * no functions, so a function exists here only through its association: attaching a config to any
 * well-formed function name records it, and a function without one is not found. Configs belong to
 * the caller's account. Listing markers are opaque and bound to the listing they came from.
 */
public final class CodeSigningConfigService {
    private static final int DEFAULT_ITEMS = 50;
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int MAX_ID_ATTEMPTS = 5;

    private final CodeSigningConfigRepository repository;
    private final Arns arns;
    private final PageTokens markers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CodeSigningConfigService(
            CodeSigningConfigRepository repository, Arns arns, PageTokens markers, Clock clock) {
        this.repository = repository;
        this.arns = arns;
        this.markers = markers;
        this.clock = clock;
    }

    public String arn(CodeSigningConfig config) {
        return arns.inAccount(config.ownerAccount()).codeSigningConfig(config.id());
    }

    public CodeSigningConfig create(Caller caller, CreateCscRequest request) {
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            CodeSigningConfig config = new CodeSigningConfig(
                    newId(),
                    caller.accountId(),
                    request.description(),
                    request.allowedPublishers(),
                    request.untrustedArtifactOnDeployment().orElse(UntrustedArtifactAction.WARN),
                    request.tags(),
                    now());
            if (repository.create(config)) {
                return config;
            }
        }
        throw new ServiceException("ServiceException", 500, "could not allocate a code signing config id");
    }

    public CodeSigningConfig get(Caller caller, String cscArn) {
        String id = ownId(caller, cscArn);
        return repository.find(caller.accountId(), id).orElseThrow(() -> notFound(cscArn));
    }

    public CodeSigningConfig update(Caller caller, String cscArn, UpdateCscRequest changes) {
        CodeSigningConfig updated = get(caller, cscArn).updated(changes, now());
        if (!repository.update(updated)) {
            throw notFound(cscArn);
        }
        return updated;
    }

    public void delete(Caller caller, String cscArn) {
        String id = ownId(caller, cscArn);
        switch (repository.delete(caller.accountId(), id)) {
            case DELETED -> {}
            case NOT_FOUND -> throw notFound(cscArn);
            case IN_USE ->
                throw LambdaErrors.conflict("The code signing config " + cscArn
                        + " is used by one or more functions; remove it from them before deleting it.");
        }
    }

    public CscPage list(Caller caller, Optional<String> marker, Optional<Integer> maxItems) {
        int limit = CscValidation.maxItems(maxItems).orElse(DEFAULT_ITEMS);
        String listing = "ListCodeSigningConfigs\0" + caller.accountId();
        Optional<String> after = open(listing, marker);
        List<CodeSigningConfig> rows = repository.list(caller.accountId(), after, limit + 1);
        if (rows.size() <= limit) {
            return new CscPage(rows, Optional.empty());
        }
        List<CodeSigningConfig> page = rows.subList(0, limit);
        return new CscPage(
                page, Optional.of(markers.issue(listing, page.get(limit - 1).id())));
    }

    public FunctionPage listFunctions(
            Caller caller, String cscArn, Optional<String> marker, Optional<Integer> maxItems) {
        int limit = CscValidation.maxItems(maxItems).orElse(DEFAULT_ITEMS);
        String id = get(caller, cscArn).id();
        String listing = "ListFunctionsByCodeSigningConfig\0" + caller.accountId() + "\0" + id;
        Optional<String> after = open(listing, marker);
        List<String> rows = repository.functionsOf(caller.accountId(), id, after, limit + 1);
        if (rows.size() <= limit) {
            return new FunctionPage(rows, Optional.empty());
        }
        List<String> page = rows.subList(0, limit);
        return new FunctionPage(page, Optional.of(markers.issue(listing, page.get(limit - 1))));
    }

    /** Attaches the config named by {@code cscArn} to the function, replacing any it had. */
    public FunctionConfig attach(Caller caller, String functionName, String cscArn) {
        Arns own = arns.inAccount(caller.accountId());
        LambdaFunction function = LambdaFunction.parse(functionName, own);
        CscValidation.CscArn config = CscValidation.cscArn(cscArn);
        if (!isOwnArn(caller, config) || !repository.attach(caller.accountId(), function.arn(), config.id(), now())) {
            throw LambdaErrors.codeSigningConfigNotFound("The code signing config " + cscArn + " does not exist.");
        }
        return new FunctionConfig(function, own.codeSigningConfig(config.id()));
    }

    public FunctionConfig configOf(Caller caller, String functionName) {
        Arns own = arns.inAccount(caller.accountId());
        LambdaFunction function = LambdaFunction.parse(functionName, own);
        String id =
                repository.configOf(caller.accountId(), function.arn()).orElseThrow(() -> functionNotFound(function));
        return new FunctionConfig(function, own.codeSigningConfig(id));
    }

    public void detach(Caller caller, String functionName) {
        LambdaFunction function = LambdaFunction.parse(functionName, arns.inAccount(caller.accountId()));
        if (!repository.detach(caller.accountId(), function.arn())) {
            throw functionNotFound(function);
        }
    }

    /**
     * The id inside a well-formed ARN of the caller's account; another account's (or deployment's)
     * ARN names nothing the caller may see.
     */
    private String ownId(Caller caller, String cscArn) {
        CscValidation.CscArn parts = CscValidation.cscArn(cscArn);
        if (!isOwnArn(caller, parts)) {
            throw notFound(cscArn);
        }
        return parts.id();
    }

    private boolean isOwnArn(Caller caller, CscValidation.CscArn parts) {
        return parts.partition().equals(arns.partition())
                && parts.region().equals(arns.region())
                && parts.account().equals(caller.accountId());
    }

    private Optional<String> open(String listing, Optional<String> marker) {
        try {
            return markers.open(listing, marker);
        } catch (ServiceException e) {
            throw LambdaErrors.invalidParameter(
                    "Marker is invalid: it was not issued by this listing or was issued for another one");
        }
    }

    private String newId() {
        StringBuilder id = new StringBuilder("csc-");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    /** Millisecond precision: what the wire format and the store keep. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ServiceException notFound(String cscArn) {
        return LambdaErrors.notFound("The code signing config " + cscArn + " does not exist.");
    }

    private static ServiceException functionNotFound(LambdaFunction function) {
        return LambdaErrors.notFound("Function not found: " + function.arn()
                + " (a function exists in Signet only while a code signing config is attached to it)");
    }

    /** One page of configs and the marker of the next, if any. */
    public record CscPage(List<CodeSigningConfig> configs, Optional<String> nextMarker) {
        public CscPage {
            configs = List.copyOf(configs);
        }
    }

    /** One page of function ARNs and the marker of the next, if any. */
    public record FunctionPage(List<String> functionArns, Optional<String> nextMarker) {
        public FunctionPage {
            functionArns = List.copyOf(functionArns);
        }
    }

    /** A function and the ARN of the config it uses. */
    public record FunctionConfig(LambdaFunction function, String codeSigningConfigArn) {}
}
