package dev.signet.server.service.iam;

import dev.signet.server.service.ServiceException;

/** IAM's error codes and statuses (the model's error shapes), with AWS's messages. */
public final class IamErrors {
    private IamErrors() {}

    static ServiceException noSuchUser(String userName) {
        return new ServiceException("NoSuchEntity", 404, "The user with name " + userName + " cannot be found.");
    }

    static ServiceException noSuchAccessKey(String accessKeyId) {
        return new ServiceException("NoSuchEntity", 404, "The Access Key with id " + accessKeyId + " cannot be found.");
    }

    static ServiceException noSuchGroup(String groupName) {
        return new ServiceException("NoSuchEntity", 404, "The group with name " + groupName + " cannot be found.");
    }

    static ServiceException groupExists(String groupName) {
        return new ServiceException("EntityAlreadyExists", 409, "Group with name " + groupName + " already exists.");
    }

    static ServiceException noSuchPolicy(String ownerKind, String policyName) {
        return new ServiceException(
                "NoSuchEntity", 404, "The " + ownerKind + " policy with name " + policyName + " cannot be found.");
    }

    static ServiceException userExists(String userName) {
        return new ServiceException("EntityAlreadyExists", 409, "User with name " + userName + " already exists.");
    }

    static ServiceException limitExceeded(String message) {
        return new ServiceException("LimitExceeded", 409, message);
    }

    static ServiceException deleteConflict(String message) {
        return new ServiceException("DeleteConflict", 409, message);
    }

    static ServiceException invalidInput(String message) {
        return new ServiceException("InvalidInput", 400, message);
    }

    /** AWS's wording for a member that breaks the model's constraints. */
    public static ServiceException validation(String member, String value, String constraint) {
        return new ServiceException(
                "ValidationError",
                400,
                "1 validation error detected: Value '" + printable(value) + "' at '" + member
                        + "' failed to satisfy constraint: " + constraint);
    }

    /** The value as it is safe to echo: control characters replaced, at most 128 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(128).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return value.length() > 128 ? out + "..." : out.toString();
    }
}
