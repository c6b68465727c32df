package dev.signet.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.NativeApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet admin account list}: {@code GET /v1/accounts}, oldest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the deployment's accounts: id, status, creation time and name, oldest first.")
public final class AccountListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        JsonNode answer = new NativeApiClient(global.client().settings(context)).getJson(AccountCreateCommand.PATH);
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (JsonNode account : answer.path("accounts")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("accountId", account.path("accountId").asText());
            row.put("name", account.path("name").asText());
            row.put("status", account.path("status").asText());
            row.put(
                    "createdAt",
                    Instant.ofEpochSecond(account.path("createdAt").asLong()).toString());
            accounts.add(row);
        }
        global.output().print(context.out(), Map.of("accounts", accounts), () -> {
            for (Map<String, Object> row : accounts) {
                context.out()
                        .println(row.get("accountId") + "  " + row.get("status") + "  " + row.get("createdAt") + "  "
                                + row.get("name"));
            }
        });
        return ExitCode.OK;
    }
}
