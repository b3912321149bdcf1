package org.cdnbilling.cdnservice;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code charge_type_period} table: which charge type each service had when. Written when a service opens
 * and when a change is put into force, inside the same transaction; read by rating and by
 * DescribeCdnUserBillType.
 */
@Repository
public class ChargeTypeHistory {

    private static final int OWNERS_PER_QUERY = 500;

    private final JdbcTemplate jdbc;

    ChargeTypeHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the type a service opened with, from its opening. */
    public void opened(CdnServiceInstance service) {
        record(service.ownerId(), service.openedAt(), service.internetChargeType());
    }

    /** Puts the service's due change into force (if one is due) and records it from its effective time. */
    public boolean applyDueChange(CdnServiceInstance service, Instant now) {
        Optional<PendingChargeTypeChange> applied = service.applyDueChargeTypeChange(now);
        applied.ifPresent(change -> record(service.ownerId(), change.affectTime(), change.chargeType()));
        return applied.isPresent();
    }

    /**
     * Submits a change (ModifyCdnService); a change already due is put into force and recorded first, so the
     * new submission cannot overwrite it.
     */
    public void scheduleChange(CdnServiceInstance service, InternetChargeType chargeType, Instant affectTime,
            Instant now) {
        applyDueChange(service, now);
        service.scheduleChargeTypeChange(chargeType, affectTime, now);
    }

    /** The account's timeline, if its service opened. */
    public Optional<ChargeTypeTimeline> timeline(long ownerId) {
        return Optional.ofNullable(timelines(List.of(ownerId)).get(ownerId));
    }

    /** The timelines of the accounts whose service opened; pending changes count from their effective time. */
    public Map<Long, ChargeTypeTimeline> timelines(Collection<Long> ownerIds) {
        Map<Long, TreeMap<Instant, InternetChargeType>> starts = new HashMap<>();
        List<Long> owners = ownerIds.stream().distinct().sorted().toList();
        for (int from = 0; from < owners.size(); from += OWNERS_PER_QUERY) {
            List<Long> chunk = owners.subList(from, Math.min(owners.size(), from + OWNERS_PER_QUERY));
            String in = "?,".repeat(chunk.size() - 1) + "?";
            List<Object> arguments = new ArrayList<>(chunk);
            arguments.addAll(chunk);
            jdbc.query("select owner_id, starts_at, charge_type, 0 from charge_type_period where owner_id in (" + in
                    + ") union all select owner_id, changing_affect_time, changing_charge_type, 1 from cdn_service "
                    + "where changing_charge_type is not null and owner_id in (" + in + ") order by 1, 4", rs -> {
                        starts.computeIfAbsent(rs.getLong(1), owner -> new TreeMap<>()).put(
                                rs.getObject(2, OffsetDateTime.class).toInstant(),
                                InternetChargeType.valueOf(rs.getString(3)));
                    }, arguments.toArray());
        }
        Map<Long, ChargeTypeTimeline> timelines = new HashMap<>();
        starts.forEach((owner, map) -> timelines.put(owner, new ChargeTypeTimeline(map)));
        return timelines;
    }

    private void record(long ownerId, Instant startsAt, InternetChargeType chargeType) {
        OffsetDateTime at = startsAt.atOffset(ZoneOffset.UTC);
        int updated = jdbc.update("update charge_type_period set charge_type = ? where owner_id = ? and starts_at = ?",
                chargeType.name(), ownerId, at);
        if (updated == 0) {
            jdbc.update("insert into charge_type_period (owner_id, starts_at, charge_type) values (?, ?, ?)", ownerId,
                    at, chargeType.name());
        }
    }
}
