package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.batches.Batch;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium, on the shared {@link ApiStack}: one browser session walks sign-in, adding
 * an openai-compatible provider on a simulator that checks its key, testing it (every step passes), a wrong key (the
 * auth step fails with its advice, activation is refused), the right key again and activation, a provider named and
 * modelled like a script (shown as text), removal with its confirmation, and a POST without the CSRF token (403). No
 * page ever holds a key. With {@code -Droocode.docs.update=true} it saves the screenshots of docs/console.md.
 */
class ConsoleBrowserIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    private static final String XSS = "<script>alert(1)</script>";
    private static final String SIM_KEY = "sk-sim-console-right-0123456789";
    private static final String WRONG_KEY = "sk-sim-console-wrong-9876543210";
    private static final Path SHOTS = Path.of("..", "docs", "console");

    private static ProviderSimulator simulator;
    private static ChromeDriver chrome;
    private final List<String> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        chrome = Chromium.start();
        simulator = ProviderSimulator.builder().apiKey(SIM_KEY).build().start();
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.quit();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void shouldManageAProviderFromSignInToRemovalWithoutEverShowingAKey() throws Exception {
        chrome.get(API.consoleUrl());
        assertThat(chrome.getCurrentUrl()).endsWith("/console/sign-in");
        shot("sign-in");
        chrome.findElement(By.id("key")).sendKeys(ApiStack.ADMIN_KEY);
        go(By.id("sign-in"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/providers");
        seen();

        go(By.id("add-openai-compatible"));
        fill("f-name", "console-sim");
        fill("f-endpoint", simulator.url());
        fill("f-key", SIM_KEY);
        fill("f-models", "console-model,in=0.15,out=0.60\nconsole-embedding,kind=embedding,in=0.02");
        shot("add-form");
        go(By.id("add"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/providers/console-sim");
        assertThat(text(".flash")).contains("Added provider console-sim (openai-compatible, DRAFT), key: encrypted");
        assertThat(text("table.detail")).contains("sha256:").contains("console-model -> console-model");
        seen();

        // Edit runs `providers update`: a bad rpm is refused with the command's message, a good one is saved
        fill("e-rpm", "lots");
        go(By.id("update"));
        assertThat(text(".error")).contains("rpm must be a whole number, was 'lots'");
        fill("e-rpm", "1234");
        go(By.id("update"));
        assertThat(text(".flash")).contains("Updated provider console-sim to version 2 (DRAFT)");
        assertThat(text("table.detail")).contains("1234").contains("sha256:");
        seen();

        go(By.id("test"));
        assertThat(stepStatus("configuration")).isEqualTo("OK");
        assertThat(stepStatus("dns")).isEqualTo("OK");
        assertThat(stepStatus("tcp")).isEqualTo("OK");
        assertThat(stepStatus("auth")).isEqualTo("OK");
        assertThat(stepStatus("chat")).isEqualTo("OK");
        assertThat(stepStatus("embedding")).isEqualTo("OK");
        assertThat(text("#test-result h2")).isEqualTo("Test PASSED");
        shot("test-passed");

        fill("new-key", WRONG_KEY);
        go(By.id("update-key"));
        assertThat(text(".flash")).contains("Updated provider console-sim to version 3 (DRAFT)");
        seen();
        go(By.id("test"));
        assertThat(stepStatus("auth")).isEqualTo("FAIL");
        assertThat(text("tr.advice[data-advice=auth]"))
                .startsWith("What to do:")
                .hasSizeGreaterThan(20);
        assertThat(text("#test-result h2")).isEqualTo("Test FAILED");
        shot("test-failed");
        go(By.id("activate"));
        assertThat(text(".error")).contains("provider console-sim failed its last test");
        seen();

        fill("new-key", SIM_KEY);
        go(By.id("update-key"));
        go(By.id("test"));
        assertThat(text("#test-result h2")).isEqualTo("Test PASSED");
        seen();
        go(By.id("activate"));
        assertThat(text(".flash")).contains("Provider console-sim is ACTIVE");
        assertThat(text(".status")).isEqualTo("ACTIVE");
        seen();
        go(By.linkText("Providers"));
        assertThat(text("#providers"))
                .contains("console-sim")
                .contains("ACTIVE")
                .contains("PASSED");
        // the key typed once into the console reaches a worker: the connectors decrypt it and run the provider
        By row = By.xpath("//table[@id='providers']//tr[td/a[text()='console-sim']]");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!chrome.findElement(row).getText().contains("running") && System.nanoTime() < until) {
            Thread.sleep(500);
            chrome.navigate().refresh();
        }
        assertThat(chrome.findElement(row).getText()).contains("running");
        shot("providers");

        // a name that would run as a script is refused, and the refusal shows it as text
        go(By.id("add-openai-compatible"));
        fill("f-name", XSS);
        fill("f-endpoint", simulator.url());
        fill("f-key", SIM_KEY);
        fill("f-models", XSS);
        go(By.id("add"));
        assertThat(text(".error")).contains("provider name '" + XSS + "' may hold only letters");
        assertThat(chrome.findElement(By.id("f-name")).getAttribute("value")).isEqualTo(XSS);
        noAlert();
        seen();
        // a model name is free text: added, and shown as text
        fill("f-name", "console-xss");
        chrome.findElement(By.id("f-key")).sendKeys(SIM_KEY);
        go(By.id("add"));
        assertThat(text("table.detail")).contains(XSS + " -> " + XSS);
        noAlert();
        seen();

        go(By.id("remove"));
        assertThat(text("#queued")).contains("No jobs are queued for console-xss.");
        shot("remove-confirm");
        go(By.id("confirm-remove"));
        assertThat(text(".flash")).contains("Removed provider console-xss");
        assertThat(text("#providers")).doesNotContain("console-xss");
        seen();

        // the session cookie alone cannot change anything: a POST without the form's token is refused
        String cookie = "roocode_console="
                + chrome.manage().getCookieNamed("roocode_console").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.consoleUrl() + "/providers/console-sim/deactivate"))
                                .header("Cookie", cookie)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(""))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        chrome.navigate().refresh();
        assertThat(text("#providers")).contains("console-sim").contains("ACTIVE");

        // the JSON admin endpoints run the same operations: admin keys only, no key in the answer
        String admin = API.baseUrl().replace("/v1", "/admin/v1/providers");
        HttpResponse<String> listed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin))
                                .header("Authorization", "Bearer " + ApiStack.ADMIN_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"console-sim\"").contains("\"status\":\"ACTIVE\"");
        pages.add(listed.body());
        HttpResponse<String> tenant = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin))
                                .header("Authorization", "Bearer " + ApiStack.TENANT_A_KEY)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(tenant.statusCode()).isEqualTo(403);
        // and removes it, so that no other IT of the shared stack is routed to a provider whose simulator stops
        HttpResponse<String> removed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(admin + "/console-sim"))
                                .header("Authorization", "Bearer " + ApiStack.ADMIN_KEY)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.body()).contains("Removed provider console-sim");

        go(By.cssSelector("header button"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/sign-in");
        chrome.get(API.consoleUrl() + "/providers");
        assertThat(chrome.getCurrentUrl()).as("signed out").endsWith("/console/sign-in");

        pages.add(forged.body());
        assertThat(pages)
                .hasSizeGreaterThan(10)
                .allSatisfy(page -> assertThat(page)
                        .doesNotContain(SIM_KEY)
                        .doesNotContain(WRONG_KEY)
                        .doesNotContain(ApiStack.ADMIN_KEY)
                        .doesNotContain(XSS));
    }

    @Test
    void shouldSubmitABatchFileWatchItCompleteAndDownloadItsOutputWithoutEverShowingAKey() throws Exception {
        signIn();
        go(By.linkText("Batches"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/batches");
        seen();

        // not JSONL: refused by the Files API's own check, its message on the page
        Path notJsonl = Files.writeString(Files.createTempFile("console-batch", ".txt"), "hello, not json\n");
        chrome.findElement(By.id("b-file")).sendKeys(notJsonl.toAbsolutePath().toString());
        go(By.id("submit-batch"));
        assertThat(text(".error")).isEqualTo("Invalid file format for Batch API. Must be .jsonl");
        seen();

        List<String> ids = List.of("console-1", "console-2", "console-3");
        StringBuilder jsonl = new StringBuilder();
        for (String id : ids) {
            jsonl.append("{\"custom_id\":\"")
                    .append(id)
                    .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":")
                    .append("\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello ")
                    .append(id)
                    .append("\"}],\"max_tokens\":16}}\n");
        }
        Path file = Files.writeString(Files.createTempFile("console-batch", ".jsonl"), jsonl);
        chrome.findElement(By.id("b-file")).sendKeys(file.toAbsolutePath().toString());
        new Select(chrome.findElement(By.id("b-endpoint"))).selectByValue("/v1/chat/completions");
        fill("b-tenant", ApiStack.TENANT_A);
        go(By.id("submit-batch"));
        assertThat(text(".flash")).startsWith("Submitted batch batch_").contains("tenant acme");
        String batchId = chrome.getCurrentUrl().substring(chrome.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(batchId).startsWith("batch_");
        seen();

        // the page refreshes itself (meta refresh) until the batch is done
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String status = "";
        while (!status.equals("completed") && System.nanoTime() < until) {
            try {
                status = text("#batch-status");
            } catch (StaleElementReferenceException | NoSuchElementException reloading) {
                // between two refreshes
            }
            Thread.sleep(250);
        }
        assertThat(status).isEqualTo("completed");
        assertThat(text(".pct")).isEqualTo("100%");
        assertThat(chrome.findElement(By.tagName("progress")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(text("#counts")).isEqualTo("3 completed, 0 failed of 3");
        assertThat(chrome.findElements(By.cssSelector("a.error-file"))).isEmpty();
        assertThat(text("#eta")).as("no ETA once done").isEqualTo("-");
        assertThat(text("#tokens")).matches("-|\\d+ in, \\d+ out");
        assertThat(chrome.findElements(By.id("failures"))).as("nothing failed").isEmpty();
        assertThat(chrome.findElements(By.id("cancel-batch")))
                .as("a finished batch")
                .isEmpty();
        shot("batch-detail");

        // the output file, under the session cookie alone (no bearer key): one line per custom_id
        String cookie = "roocode_console="
                + chrome.manage().getCookieNamed("roocode_console").getValue();
        String href = chrome.findElement(By.cssSelector("a.output-file")).getAttribute("href");
        HttpResponse<String> output = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(href))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(output.statusCode()).isEqualTo(200);
        assertThat(output.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + batchId + "_output.jsonl\"");
        List<String> customIds = new ArrayList<>();
        for (String line : output.body().split("\n")) {
            JsonNode node = new ObjectMapper().readTree(line);
            customIds.add(node.get("custom_id").asText());
            assertThat(node.at("/response/status_code").asInt()).isEqualTo(200);
        }
        assertThat(customIds).containsExactlyInAnyOrderElementsOf(ids);
        pages.add(output.body());
        // without the session, nothing
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(href)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.body()).doesNotContain("console-1");

        // the batch is the tenant's, as if created through POST /v1/batches with its key
        assertThat(API.client(ApiStack.TENANT_A_KEY).batches().retrieve(batchId).status())
                .isEqualTo(Batch.Status.COMPLETED);

        go(By.linkText("All batches"));
        By row = By.cssSelector("tr[data-batch='" + batchId + "']");
        assertThat(chrome.findElement(row).getText())
                .contains(ApiStack.TENANT_A)
                .contains("completed")
                .contains("100%");
        shot("batches");

        // the quote panel: roocode quote's plan of the same file, nothing submitted
        go(By.linkText("Quote"));
        chrome.findElement(By.id("q-file")).sendKeys(file.toAbsolutePath().toString());
        go(By.id("quote"));
        assertThat(text("#quote-text"))
                .contains("Quote for " + file.getFileName() + ": 3 jobs")
                .contains("PROVIDER")
                .contains("Estimated cost: $");
        assertThat(chrome.findElements(By.id("quote-problem"))).isEmpty();
        shot("quote");
        fill("q-deadline", "soon");
        chrome.findElement(By.id("q-file")).sendKeys(file.toAbsolutePath().toString());
        go(By.id("quote"));
        assertThat(text(".error")).startsWith("Invalid value for option '--deadline': ");
        seen();
        go(By.linkText("Batches"));

        // a multipart POST without the form's token stores nothing
        int listed = chrome.findElements(By.cssSelector("#batches tbody tr")).size();
        String boundary = "console-forged";
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.consoleUrl() + "/batches"))
                                .header("Cookie", cookie)
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                                        + "Content-Disposition: form-data; name=\"file\"; filename=\"f.jsonl\"\r\n"
                                        + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary
                                        + "--\r\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        chrome.navigate().refresh();
        assertThat(chrome.findElements(By.cssSelector("#batches tbody tr"))).hasSize(listed);
        go(By.cssSelector("header button"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/sign-in");

        pages.add(forged.body());
        assertThat(pages)
                .hasSizeGreaterThan(5)
                .allSatisfy(page -> assertThat(page)
                        .doesNotContain(ApiStack.ADMIN_KEY)
                        .doesNotContain(ApiStack.TENANT_A_KEY)
                        .doesNotContain(ApiStack.TENANT_B_KEY));
    }

    @Test
    void shouldCreateAndEditARouteCheckedByTheRoutesSetValidator() throws Exception {
        signIn();
        go(By.linkText("Routes"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/routes");
        seen();

        go(By.id("new-route"));
        fill("r-model", "console-route");
        new Select(chrome.findElement(By.id("r-strategy"))).selectByValue("priority");
        fill("r-candidates", "sim");
        fill("r-fallbacks", "sim");
        go(By.id("save-route"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/routes/console-route");
        assertThat(text(".flash"))
                .isEqualTo("Set route console-route: PRIORITY over sim (priority 0, weight 1) (version 1)");
        assertThat(text("#route-strategy")).isEqualTo("priority");
        seen();

        // an edit: another strategy, a weight and a budget, as routes set's flags would give them
        new Select(chrome.findElement(By.id("r-strategy"))).selectByValue("weighted");
        fill("r-candidates", "sim:0:5");
        fill("r-per-job", "0.002");
        go(By.id("save-route"));
        assertThat(text(".flash"))
                .isEqualTo("Set route console-route: WEIGHTED over sim (priority 0, weight 5) (version 2)");
        assertThat(text("#route-strategy")).isEqualTo("weighted");
        assertThat(text("#route-candidates")).isEqualTo("sim (0, 5)");
        seen();

        // invalid edits: the command's own messages, the form kept as typed, nothing saved
        fill("r-candidates", "sim:0:5\nno-such-provider");
        go(By.id("save-route"));
        assertThat(text(".error")).startsWith("route console-route: no provider 'no-such-provider'; known providers: ");
        assertThat(chrome.findElement(By.id("r-candidates")).getAttribute("value"))
                .isEqualTo("sim:0:5\nno-such-provider");
        seen();
        fill("r-candidates", "sim");
        fill("r-max-attempts", "0");
        go(By.id("save-route"));
        assertThat(text(".error")).endsWith("maxAttempts must be at least 1");
        seen();
        go(By.linkText("Routes"));
        By row = By.cssSelector("tr[data-route='console-route']");
        assertThat(chrome.findElement(row).getText())
                .contains("weighted")
                .contains("sim (0, 5)")
                .contains("$0.0020")
                .endsWith("2");
        shot("routes");

        go(By.cssSelector("header button"));
        assertThat(pages).allSatisfy(page -> assertThat(page).doesNotContain(ApiStack.ADMIN_KEY));
    }

    @Test
    void shouldChartTheSimProvidersTrafficAndShowTheTenantsSpend() throws Exception {
        for (int i = 0; i < 5; i++) {
            API.client(ApiStack.TENANT_A_KEY)
                    .chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model("gpt-4o-mini")
                            .addUserMessage("Chart me " + i)
                            .maxCompletionTokens(20)
                            .build());
        }
        signIn();
        go(By.linkText("Charts"));
        assertThat(chrome.getCurrentUrl()).endsWith("/console/charts");
        String cookie = "roocode_console="
                + chrome.manage().getCookieNamed("roocode_console").getValue();
        // the JSON the page's script reads, under the session cookie: a non-zero req/s point of sim
        URI data = URI.create(API.consoleUrl() + "/charts/data");
        JsonNode json = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(data)
                                    .header("Cookie", cookie)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            json = new ObjectMapper().readTree(answer.body());
            boolean traffic = false;
            for (JsonNode v : json.at("/providers/sim/reqPerSec")) {
                traffic |= v.asDouble() > 0;
            }
            if (traffic) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(json.at("/providers/sim/reqPerSec"))
                .as("sim's req/s points")
                .anySatisfy(v -> assertThat(v.asDouble()).isPositive());
        assertThat(json.get("reachable").asBoolean()).isTrue();
        // without the session, no data
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(data).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.body()).doesNotContain("reqPerSec");
        chrome.navigate().refresh();
        By canvas = By.cssSelector("figure.chart[data-provider='sim'][data-series='reqPerSec'] canvas");
        new WebDriverWait(chrome, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(canvas));
        assertThat(chrome.findElements(By.cssSelector("#p-sim figure.chart canvas")))
                .hasSize(8); // one per series, p50 and p99 on one
        assertThat(json.at("/providers/sim/latencyP99Ms"))
                .as("sim's p99 from the workers' reports")
                .anySatisfy(v -> assertThat(v.asDouble()).isPositive());
        noAlert();
        ((JavascriptExecutor) chrome).executeScript("document.getElementById('p-sim').scrollIntoView()");
        shot("charts");

        go(By.linkText("Overview"));
        By acme = By.cssSelector("tr[data-tenant='acme']");
        long spendUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (chrome.findElements(acme).isEmpty() && System.nanoTime() < spendUntil) {
            Thread.sleep(1000);
            chrome.navigate().refresh();
        }
        assertThat(chrome.findElement(acme).getText()).startsWith("acme $");
        shot("overview");
        assertThat(pages).allSatisfy(page -> assertThat(page).doesNotContain(ApiStack.ADMIN_KEY));
    }

    /** Signs in with the admin key unless this browser already has a session (the tests share it). */
    private void signIn() {
        chrome.get(API.consoleUrl());
        if (chrome.getCurrentUrl().endsWith("/console/sign-in")) {
            chrome.findElement(By.id("key")).sendKeys(ApiStack.ADMIN_KEY);
            go(By.id("sign-in"));
        }
        assertThat(chrome.getCurrentUrl()).endsWith("/console/providers");
    }

    /**
     * Clicks what submits a form or follows a link, and waits until the next page has replaced this one: a click
     * may return before the browser has the answer, and the next look must not read the page it left.
     */
    private static void go(By target) {
        WebElement page = chrome.findElement(By.tagName("html"));
        chrome.findElement(target).click();
        new WebDriverWait(chrome, Duration.ofSeconds(30)).until(d -> left(page));
        new WebDriverWait(chrome, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Whether the browser has left {@code page}. While it navigates, Chrome may answer a question about the old
     * document's node with a generic "does not belong to the document" error instead of a stale element (seen
     * once in CI), which means the same: the page is gone.
     */
    private static boolean left(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private void fill(String id, String value) {
        WebElement field = chrome.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private String text(String css) {
        return chrome.findElement(By.cssSelector(css)).getText();
    }

    private String stepStatus(String step) {
        return text("tr.step[data-step=" + step + "] td.st");
    }

    private static void noAlert() {
        try {
            chrome.switchTo().alert();
            throw new AssertionError("a script ran: an alert is open");
        } catch (NoAlertPresentException expected) {
            // escaped: nothing ran
        }
    }

    /** Keeps the page's source for the final check that no key ever appeared. */
    private void seen() {
        pages.add(chrome.getPageSource());
    }

    /** Saves the page as docs/console/NAME.png with -Droocode.docs.update=true (the normal build writes nothing). */
    private void shot(String name) throws Exception {
        seen();
        if (Boolean.getBoolean("roocode.docs.update")) {
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(name + ".png"), chrome.getScreenshotAs(OutputType.BYTES));
        }
    }
}
