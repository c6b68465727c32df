package dev.signet.server.service.csc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Arns;
import dev.signet.server.service.ServiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaFunctionTest {
    private static final Arns ARNS = Arns.defaults();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:my-function";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my-function",
                "function:my-function",
                "000000000000:function:my-function",
                "us-east-1:000000000000:function:my-function",
                "arn:aws:lambda:us-east-1:000000000000:function:my-function",
                "arn:aws:lambda:000000000000:function:my-function"
            })
    void namesAndPartialAndFullArnsNormaliseToTheFunctionArn(String given) {
        LambdaFunction function = LambdaFunction.parse(given, ARNS);

        assertThat(function.name()).isEqualTo("my-function");
        assertThat(function.arn()).isEqualTo(ARN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "my function",
                "my/function",
                "my-function:1:2",
                "arn:aws:lambda:us-east-1:000000000000:function:",
                "arn:aws:s3:::bucket",
                "f\u00e9",
                "f\n",
                // qualifiers: a config applies to the function, not a version or alias
                "my-function:1",
                "my-function:$LATEST",
                "arn:aws:lambda:us-east-1:000000000000:function:my-function:prod",
                // another deployment's partition, region or account
                "arn:aws-cn:lambda:us-east-1:000000000000:function:my-function",
                "arn:aws:lambda:eu-west-1:000000000000:function:my-function",
                "111111111111:function:my-function"
            })
    void malformedQualifiedOrForeignNamesAreInvalidParameters(String given) {
        assertThatThrownBy(() -> LambdaFunction.parse(given, ARNS))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("InvalidParameterValueException");
    }

    @org.junit.jupiter.api.Test
    void theLengthLimitIs256() {
        assertThat(LambdaFunction.parse("f".repeat(256), ARNS).name()).hasSize(256);
        assertThatThrownBy(() -> LambdaFunction.parse("f".repeat(257), ARNS))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("256");
    }
}
