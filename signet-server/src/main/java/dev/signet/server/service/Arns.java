package dev.signet.server.service;

import java.util.Objects;

/**
 * Builds ARNs in AWS's shapes for this deployment's partition, region and account.
 */
public record Arns(String partition, String region, String accountId) {
    public Arns {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
    }

    public static Arns defaults() {
        return new Arns("aws", "us-east-1", "000000000000");
    }

    /** The same partition and region in {@code account}: ARNs of another account's resources. */
    public Arns inAccount(String account) {
        return account.equals(accountId) ? this : new Arns(partition, region, account);
    }

    public String signingProfile(String name) {
        return "arn:" + partition + ":signer:" + region + ":" + accountId + ":/signing-profiles/" + name;
    }

    public String signingProfileVersion(String name, String version) {
        return signingProfile(name) + "/" + version;
    }

    public String signingJob(String jobId) {
        return "arn:" + partition + ":signer:" + region + ":" + accountId + ":/signing-jobs/" + jobId;
    }

    /** {@code arn:PARTITION:lambda:REGION:ACCOUNT:code-signing-config:csc-...}. */
    public String codeSigningConfig(String cscId) {
        return "arn:" + partition + ":lambda:" + region + ":" + accountId + ":code-signing-config:" + cscId;
    }

    /** The unqualified function ARN {@code arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME}. */
    public String lambdaFunction(String functionName) {
        return "arn:" + partition + ":lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    public String user(String userName) {
        return "arn:" + partition + ":iam::" + accountId + ":user/" + userName;
    }

    /** An IAM user's ARN: {@code arn:PARTITION:iam::ACCOUNT:user/PATH/NAME} (the path starts and ends with /). */
    public String iamUser(String accountId, String path, String userName) {
        return "arn:" + partition + ":iam::" + accountId + ":user" + path + userName;
    }
}
