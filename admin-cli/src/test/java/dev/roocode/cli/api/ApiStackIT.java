package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiStackIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    @Test
    void shouldServeHealthAndRefuseAWrongKeyAsTheSdkExpects() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.baseUrl().replace("/v1", "/health/ready")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        // an unknown path is OpenAI's 404 whatever the key; a known path with a wrong key is 401 once it exists
        assertThatThrownBy(() -> API.client("sk-wrong").batches().retrieve("batch_x"))
                .isInstanceOfAny(UnauthorizedException.class, NotFoundException.class);
    }
}
