package dev.roocode.cli.init;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * Prints an {@link AclPlan} the way {@code kafka-acls --list} names bindings (one line per binding,
 * Kafka's own {@code ResourcePattern(...)} and {@code (principal=..., operation=...)} forms) or as
 * JSON/YAML, and applies it: creates the bindings the cluster lacks, leaves the others (and any ACL
 * not in the plan) alone, so it is safe to re-run.
 */
final class AclApply {
    private AclApply() {}

    /** {@code kafka-acls} wording of one binding, on one line. */
    static String line(AclBinding binding) {
        return binding.pattern() + ": " + binding.entry();
    }

    static void print(AclPlan plan, OutputOptions output, PrintWriter out) {
        if (output.text()) {
            for (AclPlan.Role role : plan.roles()) {
                out.printf("# %s (%s): %s%n", role.name(), role.principal(), role.summary());
                role.bindings().forEach(b -> out.println(line(b)));
            }
            out.flush();
            return;
        }
        ArrayNode list = OutputOptions.json().createArrayNode();
        for (AclPlan.Role role : plan.roles()) {
            for (AclBinding b : role.bindings()) {
                ObjectNode node = list.addObject();
                node.put("role", role.name());
                node.put("principal", b.entry().principal());
                node.put("host", b.entry().host());
                node.put("operation", b.entry().operation().name());
                node.put("permissionType", b.entry().permissionType().name());
                node.put("resourceType", b.pattern().resourceType().name());
                node.put("name", b.pattern().name());
                node.put("patternType", b.pattern().patternType().name());
            }
        }
        output.print(out, list);
    }

    /** Creates what the cluster lacks; reports each binding as added or present. */
    static void apply(Admin admin, AclPlan plan, Duration timeout, PrintWriter out) {
        try {
            Set<AclBinding> existing = new HashSet<>(
                    admin.describeAcls(AclBindingFilter.ANY).values().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            List<AclBinding> missing = new ArrayList<>();
            for (AclBinding binding : plan.bindings()) {
                if (!existing.contains(binding)) {
                    missing.add(binding);
                }
            }
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (AclBinding binding : plan.bindings()) {
                out.printf("  %-7s %s%n", missing.contains(binding) ? "added" : "exists", line(binding));
            }
            out.printf(
                    "ACLs: %d added, %d already present, for %d roles.%n",
                    missing.size(),
                    plan.bindings().size() - missing.size(),
                    plan.roles().size());
            out.flush();
        } catch (ExecutionException e) {
            throw refused(e.getCause());
        } catch (TimeoutException e) {
            throw CliException.failure(
                    "the cluster did not answer the ACL request within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
    }

    private static CliException refused(Throwable cause) {
        if (cause instanceof SecurityDisabledException) {
            return CliException.failure("the cluster has no authorizer (authorizer.class.name), so it keeps no ACLs: "
                    + cause.getMessage());
        }
        if (cause instanceof ClusterAuthorizationException) {
            return CliException.failure(
                    "not allowed to manage ACLs (" + cause.getMessage()
                            + "); run 'roocode init --acls' as a super user or a principal with ALTER and DESCRIBE on the cluster");
        }
        return CliException.failure("cannot apply ACLs: " + cause.getMessage());
    }
}
