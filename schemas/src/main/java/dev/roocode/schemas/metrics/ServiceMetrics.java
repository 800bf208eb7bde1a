package dev.roocode.schemas.metrics;

import dev.roocode.core.service.ServiceHttp;
import dev.roocode.schemas.config.CommonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The metrics of one service process: a Prometheus registry holding the JVM's own meters (memory, GC, threads,
 * class loading, CPU, uptime) and whatever the service's meter classes register, served at {@value #PATH} on the
 * service's {@link ServiceHttp}. With {@code metrics.enabled=false} the registry records nothing (Micrometer's empty
 * composite: every meter is a no-op) and no {@code /metrics} route is added.
 */
public final class ServiceMetrics implements AutoCloseable {
    public static final String PATH = "/metrics";
    /** Prometheus' text exposition format, which Prometheus 2.x scrapes by default. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final TenantLabels tenants;
    private final List<AutoCloseable> binders = new ArrayList<>();

    private ServiceMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, TenantLabels tenants) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.tenants = tenants;
    }

    /** Recording metrics in a Prometheus registry with the JVM's meters; at most {@code tenantsMax} tenant labels. */
    public static ServiceMetrics prometheus(int tenantsMax) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceMetrics metrics = new ServiceMetrics(prometheus, prometheus, new TenantLabels(tenantsMax));
        new ClassLoaderMetrics().bindTo(prometheus);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        metrics.bind(new JvmGcMetrics());
        return metrics;
    }

    /** Recording nothing: {@code metrics.enabled=false}, and tests of other concerns. */
    public static ServiceMetrics disabled() {
        return new ServiceMetrics(new CompositeMeterRegistry(), null, new TenantLabels(0));
    }

    /** As {@code metrics.enabled} and {@code metrics.tenants.max} of a config defined with {@link CommonConfig#defineMetrics}. */
    public static ServiceMetrics fromConfig(AbstractConfig config) {
        return config.getBoolean(CommonConfig.METRICS_ENABLED)
                ? prometheus(config.getInt(CommonConfig.METRICS_TENANTS_MAX))
                : disabled();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean enabled() {
        return prometheus != null;
    }

    public TenantLabels tenants() {
        return tenants;
    }

    /** The metrics in Prometheus' text format; empty when disabled. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    /** Adds {@code GET /metrics} to {@code http} (nothing when disabled). */
    public void serveOn(ServiceHttp http) {
        if (prometheus != null) {
            http.route(PATH, CONTENT_TYPE, prometheus::scrape);
        }
    }

    /** Binds {@code binder} (a Kafka client's or Streams' metrics, the GC's) for as long as this lives; returns it. */
    public synchronized <T extends MeterBinder & AutoCloseable> T bind(T binder) {
        binder.bindTo(registry);
        binders.add(binder);
        return binder;
    }

    /** Stops {@code binder} early (its client closed before the service): its meters leave the registry. */
    public synchronized void unbind(AutoCloseable binder) {
        if (binders.remove(binder)) {
            closeQuietly(binder);
        }
    }

    @Override
    public synchronized void close() {
        binders.forEach(ServiceMetrics::closeQuietly);
        binders.clear();
        registry.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // metrics are best effort: a binder that fails to close must not stop the service's shutdown
        }
    }
}
