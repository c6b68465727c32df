package dev.signet.server.http.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.account.Account;
import dev.signet.server.service.account.AccountService;
import dev.signet.server.service.account.CreatedAccount;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/accounts} (CreateAccount: request {@code {"name"}} or an empty body; response
 * the account and its administrator's access key with the secret, shown once) and {@code GET
 * /v1/accounts} (ListAccounts: {@code {"accounts": [...]}}, oldest first). Both act on the account
 * registry's ARN, a resource of the bootstrap account (docs/native-api.md).
 */
public final class AccountRoutes implements NativeApi.RouteSet {
    private final AccountService accounts;
    private final ObjectMapper mapper = Json.mapper();

    public AccountRoutes(AccountService accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public void register(NativeApi api) {
        api.add("POST", "/v1/accounts", "CreateAccount", accounts.registryArn(), this::create);
        api.add("GET", "/v1/accounts", "ListAccounts", accounts.registryArn(), this::list);
    }

    private void create(Context ctx, Caller caller) throws IOException {
        CreatedAccount created = accounts.create(caller, name(ctx.bodyAsBytes()));
        ObjectNode out = account(created.account());
        ObjectNode admin = out.putObject("administrator");
        admin.put("arn", created.administratorArn());
        admin.put("accessKeyId", created.accessKey().accessKeyId());
        admin.put("secretAccessKey", created.accessKey().secretAccessKey());
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    private void list(Context ctx, Caller caller) throws IOException {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode list = out.putArray("accounts");
        for (Account account : accounts.list(caller)) {
            list.add(account(account));
        }
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    private ObjectNode account(Account account) {
        ObjectNode out = mapper.createObjectNode();
        out.put("accountId", account.accountId());
        out.put("name", account.name());
        out.put("createdAt", account.createdAt().getEpochSecond());
        out.put("status", account.status().name());
        return out;
    }

    /** The optional {@code name} of an empty body or a JSON object with at most that member. */
    private Optional<String> name(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Json.duplicateMember(e)
                    .map(member -> ServiceException.validation(Json.duplicateMessage(member)))
                    .orElseGet(() -> ServiceException.badRequest("the request body is not JSON"));
        } catch (IOException e) {
            throw ServiceException.badRequest("the request body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw ServiceException.badRequest("the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String member = names.next();
            if (!member.equals("name")) {
                throw ServiceException.validation(
                        "unknown member " + Validation.printable(member) + "; this route takes [name]");
            }
        }
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            return Optional.empty();
        }
        if (!name.isTextual()) {
            throw ServiceException.validation("name must be a string");
        }
        return Optional.of(name.asText());
    }
}
