package org.cdnbilling.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.ChargeTypeTimeline;
import org.springframework.stereotype.Component;

/**
 * Which unbilled usage is due at a time: a period is due once it has closed and {@code cdn.billing.usage-delay}
 * has passed. An hour's mark belongs to the hour (the Beijing day was PayByTraffic at its start) or to its Beijing
 * day (PayByBandwidth).
 */
@Component
public class DueUsage {

    private final UnbilledMarks marks;
    private final ChargeTypeHistory history;
    private final BillingSettings settings;
    private final SetAsideAccounts setAside;

    DueUsage(UnbilledMarks marks, ChargeTypeHistory history, BillingSettings settings, SetAsideAccounts setAside) {
        this.marks = marks;
        this.history = history;
        this.settings = settings;
        this.setAside = setAside;
    }

    /**
     * The accounts with usage due at {@code now}, split into ranges of at most {@code accountsPerPartition}; the
     * accounts set aside are left out (their own instance bills them).
     */
    public List<AccountRange> partitions(Instant now) {
        TreeSet<Long> owners = dueOwners(AccountRange.EVERY_ACCOUNT, now);
        owners.removeAll(setAside.all());
        List<AccountRange> ranges = new ArrayList<>();
        List<Long> sorted = new ArrayList<>(owners);
        for (int from = 0; from < sorted.size(); from += settings.accountsPerPartition()) {
            int to = Math.min(sorted.size(), from + settings.accountsPerPartition()) - 1;
            ranges.add(new AccountRange(sorted.get(from), sorted.get(to)));
        }
        return ranges;
    }

    /**
     * The accounts of {@code range} with usage due at {@code now}, in OwnerId order (those set aside included): the
     * accounts a partition locks. An account whose marks are all of periods not due (the current hour, an hour
     * within the usage delay, a PayByBandwidth day not closed) is not among them.
     */
    List<Long> owners(AccountRange range, Instant now) {
        return List.copyOf(dueOwners(range, now));
    }

    /**
     * The accounts of {@code range} with usage due at {@code now}, in OwnerId order: every account with a mark of an
     * hour before the Beijing day of {@code now - usage delay} (its hour and its day have closed), and those billed
     * by the hour that day with a mark of one of its closed hours.
     */
    private TreeSet<Long> dueOwners(AccountRange range, Instant now) {
        Instant closedBy = now.minus(settings.usageDelay());
        Instant dayStart = BillType.beijingDayStart(closedBy);
        Instant afterLastHour = closedBy.minus(1, ChronoUnit.HOURS).plusNanos(1);
        TreeSet<Long> owners = new TreeSet<>(marks.ownersWithHoursBefore(range, dayStart));
        List<Long> maybe = marks.ownersWithHoursBetween(range, dayStart, afterLastHour).stream()
                .filter(owner -> !owners.contains(owner)).toList();
        // hours of the day still open are due only for accounts billed by the hour
        history.timelines(maybe).forEach((owner, timeline) -> {
            if (BillType.of(timeline.typeAt(dayStart)) == BillType.HOUR_FLOW) {
                owners.add(owner);
            }
        });
        return owners;
    }

    /**
     * The periods of the {@code owners} of the range due at {@code now}, each with the marks it clears, and the
     * accounts' timelines.
     */
    DuePeriods periods(AccountRange range, Instant now, Set<Long> owners) {
        Duration delay = settings.usageDelay();
        Instant closedBy = now.minus(delay);
        List<UnbilledMarks.Mark> read = marks.marks(range, closedBy).stream()
                .filter(mark -> owners.contains(mark.ownerId())).toList();
        Map<Long, ChargeTypeTimeline> timelines = history.timelines(
                read.stream().map(UnbilledMarks.Mark::ownerId).distinct().toList());
        Map<Period, List<UnbilledMarks.Mark>> due = new TreeMap<>();
        for (UnbilledMarks.Mark mark : read) {
            ChargeTypeTimeline timeline = timelines.get(mark.ownerId());
            if (timeline == null) {
                continue;
            }
            BillType type = BillType.of(timeline.typeAt(BillType.beijingDayStart(mark.hourStart())));
            Period period = new Period(mark.ownerId(), type, type.periodStart(mark.hourStart()));
            if (!period.end().isAfter(closedBy)) {
                due.computeIfAbsent(period, p -> new ArrayList<>()).add(mark);
            }
        }
        return new DuePeriods(due, timelines);
    }

    void clear(Collection<List<UnbilledMarks.Mark>> billed) {
        marks.clear(billed.stream().flatMap(List::stream).toList());
    }

    /** Due periods of a partition and what the run read about them. */
    record DuePeriods(Map<Period, List<UnbilledMarks.Mark>> marks, Map<Long, ChargeTypeTimeline> timelines) {
    }
}
