package dev.signet.server.http.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParametersTest {

    @Test
    void decodesFormEncodingAndTagLists() {
        QueryParameters p = QueryParameters.parse(
                "Action=CreateUser&UserName=a%2Bb&Path=%2Fx+y%2F&Tags.member.2.Key=k2&Tags.member.1.Value=&Tags.member.1.Key=k1"
                        + "&Tags.member.2.Value=v%202");
        assertThat(p.required("Action")).isEqualTo("CreateUser");
        assertThat(p.optional("UserName")).contains("a+b");
        assertThat(p.optional("Path")).contains("/x y/");
        assertThat(p.tags()).containsExactly(Map.entry("k1", ""), Map.entry("k2", "v 2"));
        assertThat(p.optional("Missing")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "A=1&A=2|InvalidParameterValue|The parameter A is given more than once.",
                "A=%zz|MalformedQueryString|The request's parameters are not form-encoded.",
                "A=%e|MalformedQueryString|The request's parameters are not form-encoded.",
            })
    void refusesMalformedForms(String form, String code, String message) {
        assertThatThrownBy(() -> QueryParameters.parse(form))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessage(message);
    }

    @Test
    void refusesTooManyParameters() {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i <= QueryParameters.MAX_PARAMETERS; i++) {
            form.append("p").append(i).append("=v&");
        }
        assertThatThrownBy(() -> QueryParameters.parse(form.toString()))
                .hasMessage("A request has at most 1000 parameters.");
    }

    @Test
    void refusesHalfTagsAndDuplicateKeysAndMissingMembers() {
        assertThatThrownBy(() -> QueryParameters.parse("Tags.member.1.Key=k").tags())
                .hasMessage("Each member of Tags needs a Key and a Value.");
        assertThatThrownBy(() -> QueryParameters.parse(
                                "Tags.member.1.Key=k&Tags.member.1.Value=a&Tags.member.2.Key=k&Tags.member.2.Value=b")
                        .tags())
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidInput"));
        assertThatThrownBy(() -> QueryParameters.parse("").required("UserName"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.errorCode()).isEqualTo("ValidationError"))
                .hasMessage("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member"
                        + " must not be null");
        assertThatThrownBy(() -> QueryParameters.parse("MaxItems=ten").integer("MaxItems"))
                .hasMessage("The value of MaxItems must be an integer, not 'ten'.");
    }
}
