package dev.roocode.api.admin;

import dev.roocode.api.http.ApiException;
import java.util.List;
import java.util.Map;

/** What answers when no {@link ProviderAdminFactory} is on the class path: every operation is a clear 501. */
final class Unavailable implements ProviderAdmin {
    static final String MESSAGE = "Provider administration is not available in this service: no ProviderAdmin"
            + " implementation is on its class path (it ships in roocode-admin-cli's jar, in the distribution's libs/).";

    private static ApiException error() {
        return new ApiException(501, "server_error", null, "not_implemented", MESSAGE);
    }

    @Override
    public List<String> types() {
        throw error();
    }

    @Override
    public List<FormField> fields(String type) {
        throw error();
    }

    @Override
    public List<ProviderRow> list() {
        throw error();
    }

    @Override
    public ProviderDetail get(String name) {
        throw error();
    }

    @Override
    public String add(Map<String, String> fields, String apiKey) {
        throw error();
    }

    @Override
    public String updateKey(String name, String apiKey) {
        throw error();
    }

    @Override
    public String update(String name, Map<String, String> fields) {
        throw error();
    }

    @Override
    public TestReport test(String name) {
        throw error();
    }

    @Override
    public String activate(String name) {
        throw error();
    }

    @Override
    public String deactivate(String name) {
        throw error();
    }

    @Override
    public String removalNotice(String name) {
        throw error();
    }

    @Override
    public String remove(String name) {
        throw error();
    }
}
