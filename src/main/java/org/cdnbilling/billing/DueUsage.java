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
        Instant closedBy = now.minus(settings.usageDelay());
        Instant lastHour = closedBy.minus(1, ChronoUnit.HOURS);
        Instant dayCut = BillType.beijingDayStart(closedBy);
        TreeSet<Long> owners = new TreeSet<>(marks.ownersWithHoursBefore(dayCut));
        List<Long> maybe = marks.ownersWithHoursBetween(dayCut, lastHour.plusNanos(1)).stream()
                .filter(owner -> !owners.contains(owner)).toList();
        // hours of the day still open are due only for accounts billed by the hour
        history.timelines(maybe).forEach((owner, timeline) -> {
            if (BillType.of(timeline.typeAt(dayCut)) == BillType.HOUR_FLOW) {
                owners.add(owner);
            }
        });
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
