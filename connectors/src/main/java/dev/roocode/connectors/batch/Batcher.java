package dev.roocode.connectors.batch;

import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.ProviderBatch;
import dev.roocode.schemas.avro.ProviderBatchMember;
import dev.roocode.schemas.avro.ProviderBatchMemberState;
import dev.roocode.schemas.avro.ProviderBatchState;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batcher of one provider's batch candidate ({@code <provider>:batch}), without Kafka: it groups the jobs read
 * from the batch dispatch topic by provider model into provider batches (flushed at {@code maxLines},
 * {@code maxBytes} or {@code maxAgeMs}), records each group before it submits it, looks for the group at the
 * provider ({@link ProviderBatchApi#find}) before every submit, polls the provider batch with back-off, and maps
 * every line back to exactly one outcome: AttemptSucceeded for an answered line, AttemptFailed (fixable elsewhere,
 * so the processor re-routes it to a realtime provider) for a failed, missing, expired or cancelled line, and for
 * a line whose deadline minus {@code fallbackMargin} comes while its provider batch is still open (its later
 * answer is ignored).
 *
 * <p>Its state is what it wrote through {@link BatchOutput#saved}: {@link #restore} rebuilds a group from it after
 * a restart, and the jobs read again from the committed dispatch offsets are matched to their groups by partition
 * and offset, so a group is never formed nor submitted twice. {@link #committable} never passes a job whose outcome
 * is not yet written, so a crash loses none.
 *
 * <p>Longer than most classes: it is one state machine (pending, submitting, submitted, done) whose steps share
 * the group and member bookkeeping; splitting it would spread that bookkeeping over several classes.
 */
public final class Batcher {
    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    private final ProviderConfig provider;
    private final String candidate;
    private final BatchEndpoint endpoint;
    private final ProviderBatchApi api;
    private final BatchSettings settings;
    private final Clock clock;
    private final Function<DispatchedJob, String> cancelled;

    /** Jobs read and not yet in a group, by provider model, in read order. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Every group not yet removed, by group id, in creation order. */
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** The members of {@link #groups} by the position of their job's record ({@code partition:offset}). */
    private final Map<String, Member> byPosition = new HashMap<>();

    /**
     * @param cancelled why a job must not be run (its Roocode batch was cancelled), or null when it may be
     */
    public Batcher(
            ProviderConfig provider,
            ProviderBatchApi api,
            BatchSettings settings,
            Clock clock,
            Function<DispatchedJob, String> cancelled) {
        this.provider = provider;
        this.candidate = provider.getName() + ":batch";
        this.endpoint = provider.getBatch() == null ? new BatchEndpoint() : provider.getBatch();
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    /** The candidate name outcomes carry: {@code <provider>:batch}. */
    public String candidate() {
        return candidate;
    }

    /** Reloads a group this provider's batcher wrote before (its latest record); call before {@link #accept}. */
    public void restore(ProviderBatch record) {
        Group group = new Group(record.getGroupId(), record.getProviderModel(), record.getCreatedAt());
        group.state = record.getStatus();
        group.submittedAt = record.getSubmittedAt();
        if (record.getBatchId() != null) {
            group.ref = new ProviderBatchRef(record.getBatchId(), record.getRefs());
        }
        for (ProviderBatchMember m : record.getMembers()) {
            Member member =
                    new Member(m.getRequestId(), m.getCustomId(), m.getDeadline(), m.getPartition(), m.getOffset());
            member.state = m.getState();
            group.members.add(member);
            byPosition.put(member.position(), member);
        }
        group.nextPollAt = clock.instant();
        group.pollDelay = settings.pollInitial();
        groups.put(group.id, group);
        if (group.state != ProviderBatchState.DONE) {
            log.info(
                    "provider={} group {} restored: {} with {} line(s){}",
                    provider.getName(),
                    group.id,
                    group.state,
                    group.members.size(),
                    group.ref == null ? "" : ", provider batch " + group.ref.id());
        }
    }

    /**
     * Takes one job read from the batch dispatch topic at {@code partition}/{@code offset}; {@code bytes} is its
     * record's size, the estimate of its line's size. A job of a restored group is attached to it (or skipped when
     * its outcome is written already); a job of a cancelled batch or whose deadline is too close goes to fallback
     * at once; any other joins its model's pending group, flushed when full.
     */
    public void accept(int partition, long offset, int bytes, DispatchedJob job, BatchOutput out) {
        Member known = byPosition.get(partition + ":" + offset);
        if (known != null) {
            if (known.state == ProviderBatchMemberState.OPEN) {
                known.job = job;
            }
            return;
        }
        AttemptFailed now = failNow(job);
        if (now != null) {
            settle(new Entry(partition, offset, job), now, out);
            return;
        }
        String model = job.getAssignment().getProviderModel();
        Pending open = pending.computeIfAbsent(model, m -> new Pending(clock.instant()));
        if (!open.entries.isEmpty() && open.bytes + bytes > endpoint.getMaxBytes()) {
            form(model, out);
            open = pending.computeIfAbsent(model, m -> new Pending(clock.instant()));
        }
        open.entries.add(new Entry(partition, offset, job));
        open.bytes += bytes;
        if (open.entries.size() >= endpoint.getMaxLines()) {
            form(model, out);
        }
    }

    /** Forms the groups whose oldest job has waited {@code maxAgeMs}. */
    public void flushDue(BatchOutput out) {
        Instant now = clock.instant();
        for (String model : List.copyOf(pending.keySet())) {
            Pending open = pending.get(model);
            if (!now.isBefore(open.since.plusMillis(endpoint.getMaxAgeMs()))) {
                form(model, out);
            }
        }
    }

    /**
     * Sends to fallback every open line whose deadline minus the margin has come, or whose Roocode batch was
     * cancelled; a group left with no open line is finished (its provider batch cancelled when it has one).
     */
    public void expireDeadlines(BatchOutput out) {
        for (String model : List.copyOf(pending.keySet())) {
            Pending open = pending.get(model);
            open.entries.removeIf(entry -> {
                AttemptFailed now = failNow(entry.job());
                if (now != null) {
                    settle(entry, now, out);
                    return true;
                }
                return false;
            });
            if (open.entries.isEmpty()) {
                pending.remove(model);
            }
        }
        for (Group group : List.copyOf(groups.values())) {
            if (group.state == ProviderBatchState.DONE) {
                continue;
            }
            boolean changed = false;
            for (Member member : group.members) {
                if (member.state != ProviderBatchMemberState.OPEN || member.job == null) {
                    continue;
                }
                String reason = cancelled.apply(member.job);
                if (reason != null) {
                    out.failed(cancelledFailure(member.job, reason));
                } else if (tooLate(member.deadline)) {
                    log.debug(
                            "provider={} requestId={} deadline {} too close, line of group {} goes to fallback",
                            provider.getName(),
                            member.requestId,
                            member.deadline,
                            group.id);
                    out.failed(failure(member.job, ErrorClass.TIMEOUT, deadlineMessage(member.deadline)));
                } else {
                    continue;
                }
                member.state = ProviderBatchMemberState.FALLBACK;
                changed = true;
            }
            if (changed) {
                if (group.openMembers().isEmpty()) {
                    abandon(group);
                }
                out.saved(group.toRecord(clock.instant()));
            }
        }
    }

    /** The groups recorded but not yet known to be at the provider, oldest first. */
    public List<String> awaitingSubmit() {
        return groups.values().stream()
                .filter(g -> g.state == ProviderBatchState.SUBMITTING)
                .filter(g -> !clock.instant().isBefore(g.nextPollAt))
                .map(g -> g.id)
                .toList();
    }

    /**
     * Gets a recorded group to the provider: adopts the provider batch already tagged with its id (a submit that
     * timed out after the provider accepted it, a crash before the record of it), else submits it; when the
     * provider refuses it, every open line goes to fallback.
     */
    public void submit(String groupId, BatchOutput out) {
        Group group = groups.get(groupId);
        if (group == null || group.state != ProviderBatchState.SUBMITTING) {
            return;
        }
        Optional<ProviderBatchRef> found;
        try {
            found = api.find(groupId);
        } catch (ProviderException e) {
            backOff(group, "find", e);
            return;
        }
        if (found.isEmpty()) {
            List<Member> open = group.openMembers();
            if (open.stream().anyMatch(m -> m.job == null)) {
                return; // restored: its jobs are still being read again
            }
            List<BatchLine> lines =
                    open.stream().map(m -> new BatchLine(m.customId, m.job)).toList();
            try {
                found = Optional.of(api.submit(groupId, lines));
            } catch (ProviderException e) {
                found = findAfterFailedSubmit(groupId, e);
                if (found.isEmpty()) {
                    log.warn(
                            "provider={} group {} of {} line(s) refused by the provider, lines go to fallback: {}",
                            provider.getName(),
                            groupId,
                            lines.size(),
                            e.error().message());
                    failOpen(
                            group,
                            e.error().errorClass(),
                            "provider batch refused: " + e.error().message(),
                            out);
                    return;
                }
            }
        }
        group.state = ProviderBatchState.SUBMITTED;
        group.ref = found.get();
        group.submittedAt = clock.instant();
        group.pollDelay = settings.pollInitial();
        group.nextPollAt = clock.instant().plus(group.pollDelay);
        log.info(
                "provider={} group {} ({} line(s), model {}) is provider batch {}",
                provider.getName(),
                groupId,
                group.openMembers().size(),
                group.model,
                group.ref.id());
        out.saved(group.toRecord(clock.instant()));
    }

    private Optional<ProviderBatchRef> findAfterFailedSubmit(String groupId, ProviderException failure) {
        try {
            Optional<ProviderBatchRef> found = api.find(groupId);
            found.ifPresent(ref -> log.info(
                    "provider={} group {}: submit failed ({}) but the provider has it as {}",
                    provider.getName(),
                    groupId,
                    failure.error().errorClass(),
                    ref.id()));
            return found;
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /** The submitted groups whose next status call is due. */
    public List<String> duePolls() {
        Instant now = clock.instant();
        return groups.values().stream()
                .filter(g -> g.state == ProviderBatchState.SUBMITTED && !now.isBefore(g.nextPollAt))
                .map(g -> g.id)
                .toList();
    }

    /** Asks the provider where a submitted group is; once it ended, publishes one outcome per open line. */
    public void poll(String groupId, BatchOutput out) {
        Group group = groups.get(groupId);
        if (group == null || group.state != ProviderBatchState.SUBMITTED) {
            return;
        }
        ProviderBatchStatus status;
        try {
            status = api.status(group.ref);
        } catch (ProviderException e) {
            backOff(group, "status", e);
            return;
        }
        if (!status.state().ended()) {
            group.pollDelay = min(group.pollDelay.multipliedBy(2), settings.pollMax());
            group.nextPollAt = clock.instant().plus(group.pollDelay);
            return;
        }
        if (group.openMembers().stream().anyMatch(m -> m.job == null)) {
            group.nextPollAt = clock.instant().plus(settings.pollInitial());
            return; // restored: its jobs are still being read again
        }
        Map<String, LineOutcome> results;
        try {
            results = api.results(group.ref);
        } catch (ProviderException e) {
            backOff(group, "results", e);
            return;
        }
        finish(group, status, results, out);
    }

    private void finish(Group group, ProviderBatchStatus status, Map<String, LineOutcome> results, BatchOutput out) {
        Map<String, Member> byCustomId = group.members.stream().collect(Collectors.toMap(m -> m.customId, m -> m));
        Set<String> unknown = results.keySet().stream()
                .filter(id -> !byCustomId.containsKey(id))
                .collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            log.warn(
                    "provider={} provider batch {} answered {} line(s) never sent (e.g. {}); ignored",
                    provider.getName(),
                    group.ref.id(),
                    unknown.size(),
                    unknown.iterator().next());
        }
        Instant now = clock.instant();
        int answered = 0;
        int failed = 0;
        for (Member member : group.members) {
            LineOutcome outcome = results.get(member.customId);
            if (member.state != ProviderBatchMemberState.OPEN) {
                if (outcome != null && member.state == ProviderBatchMemberState.FALLBACK) {
                    log.debug(
                            "provider={} requestId={} answered after it went to fallback; ignored",
                            provider.getName(),
                            member.requestId);
                }
                continue;
            }
            if (outcome instanceof LineOutcome.Succeeded succeeded) {
                out.succeeded(
                        new AttemptSucceeded(member.job, attempt(member.job, null, null), succeeded.output(), now));
                member.state = ProviderBatchMemberState.ANSWERED;
                answered++;
                continue;
            }
            if (outcome instanceof LineOutcome.Failed lineFailed) {
                ProviderError error = lineFailed.error();
                out.failed(failure(
                        member.job, error.errorClass(), error.httpStatus(), "batch line failed: " + error.message()));
            } else {
                out.failed(failure(member.job, missingClass(status.state()), missingMessage(group, status.state())));
            }
            member.state = ProviderBatchMemberState.FALLBACK;
            failed++;
        }
        group.state = ProviderBatchState.DONE;
        log.info(
                "provider={} provider batch {} {}: {} line(s) answered, {} to fallback",
                provider.getName(),
                group.ref.id(),
                status.state(),
                answered,
                failed);
        out.saved(group.toRecord(now));
    }

    /**
     * The offset each partition of the batch dispatch topic may be committed at: the lowest record whose job has
     * no outcome written yet, or {@code positions}' (what was read) when there is none.
     */
    public Map<Integer, Long> committable(Map<Integer, Long> positions) {
        Map<Integer, Long> offsets = new HashMap<>(positions);
        for (Pending open : pending.values()) {
            for (Entry entry : open.entries) {
                offsets.merge(entry.partition(), entry.offset(), Math::min);
            }
        }
        for (Group group : groups.values()) {
            if (group.state == ProviderBatchState.DONE) {
                continue;
            }
            for (Member member : group.openMembers()) {
                offsets.merge(member.partition, member.offset, Math::min);
            }
        }
        return offsets;
    }

    /** Tombstones the finished groups whose every record is behind {@code committed}: none can be read again. */
    public void removeFinished(Map<Integer, Long> committed, BatchOutput out) {
        for (Group group : List.copyOf(groups.values())) {
            if (group.state == ProviderBatchState.DONE
                    && group.members.stream().allMatch(m -> m.offset < committed.getOrDefault(m.partition, -1L))) {
                groups.remove(group.id);
                group.members.forEach(m -> byPosition.remove(m.position()));
                out.removed(group.id);
            }
        }
    }

    /** Groups not finished (for logs and tests). */
    public int openGroups() {
        return (int) groups.values().stream()
                .filter(g -> g.state != ProviderBatchState.DONE)
                .count();
    }

    /** Jobs read and not yet in a group. */
    public int pendingJobs() {
        return pending.values().stream().mapToInt(p -> p.entries.size()).sum();
    }

    private void form(String model, BatchOutput out) {
        Pending open = pending.remove(model);
        if (open == null || open.entries.isEmpty()) {
            return;
        }
        Group group = new Group(groupId(model, open.entries), model, clock.instant());
        group.state = ProviderBatchState.SUBMITTING;
        group.nextPollAt = clock.instant();
        int line = 0;
        for (Entry entry : open.entries) {
            Member member = new Member(
                    entry.job().getJob().getRequestId(),
                    "line-" + line++,
                    deadlineOf(entry.job()),
                    entry.partition(),
                    entry.offset());
            member.job = entry.job();
            group.members.add(member);
            byPosition.put(member.position(), member);
        }
        groups.put(group.id, group);
        out.saved(group.toRecord(clock.instant()));
    }

    /** The fallback of a job that must not wait for a provider batch (its batch was cancelled, its deadline is near), or null. */
    private AttemptFailed failNow(DispatchedJob job) {
        String reason = cancelled.apply(job);
        if (reason != null) {
            return cancelledFailure(job, reason);
        }
        Instant deadline = deadlineOf(job);
        return tooLate(deadline) ? failure(job, ErrorClass.TIMEOUT, deadlineMessage(deadline)) : null;
    }

    /**
     * Publishes the fallback of a job that never joins a provider batch, recorded as a finished one-line group in
     * the same transaction: after a crash the job, read again, is known as done and not reported twice.
     */
    private void settle(Entry entry, AttemptFailed failure, BatchOutput out) {
        String model = entry.job().getAssignment().getProviderModel();
        Group group = new Group(groupId(model, List.of(entry)), model, clock.instant());
        group.state = ProviderBatchState.DONE;
        Member member = new Member(
                entry.job().getJob().getRequestId(),
                "line-0",
                deadlineOf(entry.job()),
                entry.partition(),
                entry.offset());
        member.state = ProviderBatchMemberState.FALLBACK;
        group.members.add(member);
        groups.put(group.id, group);
        byPosition.put(member.position(), member);
        out.failed(failure);
        out.saved(group.toRecord(clock.instant()));
    }

    /** Ends a group none of whose lines is waiting any more: its provider batch (if any) is cancelled, best effort. */
    private void abandon(Group group) {
        ProviderBatchRef ref = group.ref;
        try {
            if (ref == null && group.state == ProviderBatchState.SUBMITTING) {
                ref = api.find(group.id).orElse(null);
            }
            if (ref != null) {
                api.cancel(ref);
            }
        } catch (ProviderException e) {
            log.info(
                    "provider={} group {} has no open line left; cancelling its provider batch failed: {}",
                    provider.getName(),
                    group.id,
                    e.error().message());
        }
        group.state = ProviderBatchState.DONE;
    }

    private void failOpen(Group group, ErrorClass errorClass, String message, BatchOutput out) {
        for (Member member : group.openMembers()) {
            out.failed(failure(member.job, errorClass, message));
            member.state = ProviderBatchMemberState.FALLBACK;
        }
        group.state = ProviderBatchState.DONE;
        out.saved(group.toRecord(clock.instant()));
    }

    private void backOff(Group group, String call, ProviderException e) {
        group.pollDelay = min(
                group.pollDelay == null ? settings.pollInitial() : group.pollDelay.multipliedBy(2), settings.pollMax());
        group.nextPollAt = clock.instant().plus(group.pollDelay);
        log.info(
                "provider={} group {}: {} failed ({}), trying again in {} ms",
                provider.getName(),
                group.id,
                call,
                e.error().message(),
                group.pollDelay.toMillis());
    }

    private boolean tooLate(Instant deadline) {
        return deadline != null && !clock.instant().isBefore(deadline.minus(settings.fallbackMargin()));
    }

    private String deadlineMessage(Instant deadline) {
        return "deadline " + deadline + " leaves less than "
                + settings.fallbackMargin().toMinutes() + " min for a realtime provider; the batch line was given up";
    }

    private static ErrorClass missingClass(ProviderBatchStatus.State state) {
        return switch (state) {
            case EXPIRED -> ErrorClass.TIMEOUT;
            case COMPLETED -> ErrorClass.INVALID_RESPONSE;
            default -> ErrorClass.PROVIDER_ERROR;
        };
    }

    private static String missingMessage(Group group, ProviderBatchStatus.State state) {
        return switch (state) {
            case EXPIRED -> "provider batch " + group.ref.id() + " expired before the line ran";
            case COMPLETED -> "provider batch " + group.ref.id() + " completed without an answer for the line";
            case CANCELLED -> "provider batch " + group.ref.id() + " was cancelled before the line ran";
            default -> "provider batch " + group.ref.id() + " failed as a whole";
        };
    }

    private static Instant deadlineOf(DispatchedJob job) {
        return job.getJob().getRouting() == null
                ? null
                : job.getJob().getRouting().getDeadline();
    }

    /** A line given up here that a realtime provider may still serve: marked fixable elsewhere. */
    private AttemptFailed failure(DispatchedJob job, ErrorClass errorClass, String message) {
        return failure(job, errorClass, null, message);
    }

    private AttemptFailed failure(DispatchedJob job, ErrorClass errorClass, Integer httpStatus, String message) {
        return new AttemptFailed(
                job,
                attempt(job, errorClass, httpStatus, message),
                new ErrorInfo(errorClass, message, httpStatus, candidate),
                true,
                null,
                clock.instant());
    }

    /** A job of a cancelled Roocode batch: not retryable, the processor finishes it as CANCELLED (as a worker does). */
    private AttemptFailed cancelledFailure(DispatchedJob job, String message) {
        return new AttemptFailed(
                job,
                attempt(job, ErrorClass.CANCELLED, message),
                new ErrorInfo(ErrorClass.CANCELLED, message, null, candidate),
                false,
                null,
                clock.instant());
    }

    private AttemptRecord attempt(DispatchedJob job, ErrorClass errorClass, String message) {
        return attempt(job, errorClass, null, message);
    }

    /**
     * The attempt record of a batch line; {@code httpStatus} is the line's own answer's status, null when the line
     * had none (its batch failed, expired or was cancelled whole, or the line never ran): the router takes the same
     * provider's batch again only after a line's own 429 or 5xx.
     */
    private AttemptRecord attempt(DispatchedJob job, ErrorClass errorClass, Integer httpStatus, String message) {
        Instant assigned = job.getAssignment().getAssignedAt();
        return AttemptRecord.newBuilder()
                .setProvider(candidate)
                .setProviderModel(job.getAssignment().getProviderModel())
                .setAttempt(job.getAssignment().getAttempt())
                .setCalls(errorClass == null ? 1 : 0)
                .setLatencyMs(
                        assigned == null
                                ? 0
                                : Math.max(
                                        0,
                                        Duration.between(assigned, clock.instant())
                                                .toMillis()))
                .setHttpStatus(httpStatus)
                .setErrorClass(errorClass)
                .setMessage(message)
                .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The id of a group: from the provider, the model and the positions of its jobs, so the same jobs always make
     * the same id; short and made of {@code [a-z0-9-]}, which every provider accepts in metadata and names.
     */
    private String groupId(String model, List<Entry> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((provider.getName() + "\n" + model + "\n").getBytes(StandardCharsets.UTF_8));
            for (Entry entry : entries) {
                digest.update((entry.partition() + ":" + entry.offset() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "rcb-" + HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** A job waiting for its group. */
    private record Entry(int partition, long offset, DispatchedJob job) {}

    /** The jobs of one model waiting for a group, and since when. */
    private static final class Pending {
        final Instant since;
        final List<Entry> entries = new ArrayList<>();
        long bytes;

        Pending(Instant since) {
            this.since = since;
        }
    }

    /** One line of a group; {@code job} is null for a restored member until its record is read again. */
    private static final class Member {
        final String requestId;
        final String customId;
        final Instant deadline;
        final int partition;
        final long offset;
        ProviderBatchMemberState state = ProviderBatchMemberState.OPEN;
        DispatchedJob job;

        Member(String requestId, String customId, Instant deadline, int partition, long offset) {
            this.requestId = requestId;
            this.customId = customId;
            this.deadline = deadline;
            this.partition = partition;
            this.offset = offset;
        }

        String position() {
            return partition + ":" + offset;
        }
    }

    /** One provider batch group. */
    private final class Group {
        final String id;
        final String model;
        final Instant createdAt;
        final List<Member> members = new ArrayList<>();
        ProviderBatchState state;
        ProviderBatchRef ref;
        Instant submittedAt;
        Instant nextPollAt;
        Duration pollDelay;

        Group(String id, String model, Instant createdAt) {
            this.id = id;
            this.model = model;
            this.createdAt = createdAt;
        }

        List<Member> openMembers() {
            return members.stream()
                    .filter(m -> m.state == ProviderBatchMemberState.OPEN)
                    .toList();
        }

        ProviderBatch toRecord(Instant now) {
            return ProviderBatch.newBuilder()
                    .setGroupId(id)
                    .setProvider(provider.getName())
                    .setProviderModel(model)
                    .setStatus(state)
                    .setBatchId(ref == null ? null : ref.id())
                    .setRefs(ref == null ? Map.of() : new HashMap<>(ref.extra()))
                    .setMembers(members.stream()
                            .map(m -> new ProviderBatchMember(
                                    m.requestId, m.customId, m.deadline, m.partition, m.offset, m.state))
                            .toList())
                    .setCreatedAt(createdAt)
                    .setSubmittedAt(submittedAt)
                    .setUpdatedAt(now)
                    .build();
        }
    }
}
