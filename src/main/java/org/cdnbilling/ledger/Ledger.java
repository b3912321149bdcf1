package org.cdnbilling.ledger;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cdnbilling.persistence.KeysetPage;
import org.cdnbilling.persistence.bulk.BulkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only writer of balances. Every change is an entry with the balance after it; the account row is locked
 * while an entry is posted, so entries of one account are applied one after the other and
 * {@code account.balance} always equals the latest entry's {@code balance_after}. A reference is used once per
 * account: posting the same entry again answers the stored one, another entry under a used reference is refused.
 */
@Service
public class Ledger {

    /** The reference of an account's opening balance. */
    public static final String OPENING_BALANCE_REFERENCE = "opening-balance";
    private static final int ACCOUNTS_PER_STATEMENT = 500;
    private static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final JdbcTemplate jdbc;
    private final BulkWriter bulk;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    Ledger(JdbcTemplate jdbc, BulkWriter bulk, Clock clock, ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.events = events;
    }

    /** Credits a top-up once per reference (see {@link #topUpOnce}). */
    public LedgerEntry topUp(long ownerId, BigDecimal amount, String reference) {
        return topUpOnce(ownerId, amount, reference).entry();
    }

    /**
     * Credits a top-up once per reference and tells whether this call posted it or found it posted by an earlier
     * one (the same request again). What the entry sets off inside its transaction (settling a debt tells the
     * account's overdue process) may meet a concurrent change and fail; the whole entry is then rolled back and
     * posted again, up to {@value #ATTEMPTS} times. Inside a caller's transaction it is posted once, in it.
     */
    public Posting topUpOnce(long ownerId, BigDecimal amount, String reference) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up is a positive amount: " + amount);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> postOnce(ownerId, EntryKind.TOP_UP, amount, reference));
            } catch (ConcurrencyFailureException e) {
                if (attempt == ATTEMPTS || TransactionSynchronizationManager.isActualTransactionActive()) {
                    throw e;
                }
                log.info("Top-up {} of account {} met a concurrent change ({}); posting it again", reference,
                        ownerId, e.getMessage());
            }
        }
    }

    /** Records the balance a new account starts with. */
    @Transactional
    public LedgerEntry openingBalance(long ownerId, BigDecimal amount) {
        return post(ownerId, EntryKind.OPENING_BALANCE, amount, OPENING_BALANCE_REFERENCE);
    }

    /**
     * Posts one entry, or answers the entry already posted under its reference.
     *
     * @throws LedgerConflictException if the reference is used by an entry of another kind or amount
     * @throws UnknownAccountException if there is no such account
     */
    @Transactional
    public LedgerEntry post(long ownerId, EntryKind kind, BigDecimal amount, String reference) {
        return postOnce(ownerId, kind, amount, reference).entry();
    }

    private Posting postOnce(long ownerId, EntryKind kind, BigDecimal amount, String reference) {
        BigDecimal balance = lockBalances(List.of(ownerId)).get(ownerId);
        if (balance == null) {
            throw new UnknownAccountException(ownerId);
        }
        Optional<LedgerEntry> existing = entry(ownerId, reference);
        if (existing.isPresent()) {
            LedgerEntry entry = existing.get();
            if (entry.kind() != kind || entry.amount().compareTo(amount) != 0) {
                throw new LedgerConflictException(entry);
            }
            return new Posting(entry, false);
        }
        BigDecimal after = balance.add(amount);
        // as stored (microseconds): the entry answered now is the one read back later
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("insert into ledger_entry "
                    + "(owner_id, kind, amount, balance_after, reference, created_at) values (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            insert.setLong(1, ownerId);
            insert.setString(2, kind.name());
            insert.setBigDecimal(3, amount);
            insert.setBigDecimal(4, after);
            insert.setString(5, reference);
            insert.setObject(6, utc(now));
            return insert;
        }, keys);
        jdbc.update("update account set balance = ? where owner_id = ?", after, ownerId);
        events.publishEvent(new BalanceChanged(ownerId, balance, after));
        return new Posting(new LedgerEntry(keys.getKey().longValue(), ownerId, kind, amount, after, reference, now),
                true);
    }

    /**
     * Deducts bills in one go, inside the caller's transaction (which also stores the bills, so both commit
     * or neither): the accounts are locked in OwnerId order (no deadlock between two callers), each charge is
     * posted once per reference (a charge already posted with the same amount is skipped), the entries are
     * written by one bulk insert and the balances by one bulk update, once per account. Zero charges post nothing;
     * a negative one credits back. What depends on the balance sees one change per account, from its balance
     * before to its balance after all of them: charges and credits of one account in one call never settle a debt
     * half-way (a credit posted first would settle it, the charge after it open a new one).
     *
     * @return the number of entries posted
     * @throws LedgerConflictException if a reference is used by another entry
     * @throws UnknownAccountException if an account does not exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int charge(Collection<Charge> charges) {
        List<Charge> due = charges.stream().filter(c -> c.amount().signum() != 0)
                .sorted(Comparator.comparingLong(Charge::ownerId)).toList();
        if (due.isEmpty()) {
            return 0;
        }
        List<Long> owners = due.stream().map(Charge::ownerId).distinct().toList();
        Map<Long, BigDecimal> balances = lockBalances(owners);
        Map<String, LedgerEntry> posted = posted(owners, due.stream().map(Charge::reference).distinct().toList());
        Map<Long, BigDecimal> before = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        OffsetDateTime now = utc(clock.instant());
        for (Charge charge : due) {
            BigDecimal balance = balances.get(charge.ownerId());
            if (balance == null) {
                throw new UnknownAccountException(charge.ownerId());
            }
            LedgerEntry existing = posted.get(charge.ownerId() + " " + charge.reference());
            if (existing != null) {
                if (existing.kind() != EntryKind.BILL || existing.amount().compareTo(charge.amount().negate()) != 0) {
                    throw new LedgerConflictException(existing);
                }
                continue;
            }
            before.putIfAbsent(charge.ownerId(), balance);
            BigDecimal after = balance.subtract(charge.amount());
            balances.put(charge.ownerId(), after);
            rows.add(new Object[] {charge.ownerId(), EntryKind.BILL.name(), charge.amount().negate(), after,
                    charge.reference(), now});
        }
        bulk.insert("ledger_entry", List.of("owner_id", "kind", "amount", "balance_after", "reference", "created_at"),
                rows);
        bulk.update("account", List.of("owner_id"), List.of("balance"), before.keySet().stream()
                .map(owner -> new Object[] {owner, balances.get(owner)}).toList());
        before.forEach((owner, balance) -> events.publishEvent(new BalanceChanged(owner, balance, balances.get(owner))));
        return rows.size();
    }

    /**
     * Up to {@code limit} of an account's entries with an id above {@code after}, oldest first (one query on
     * {@code ix_ledger_entry_owner}, one row more than the page to know whether more follow). An account's entries
     * are posted one after the other, each with a higher id than those before it, so reading on after the last
     * id of a page misses none.
     */
    @Transactional(readOnly = true)
    public KeysetPage<LedgerEntry> entries(long ownerId, long after, int limit) {
        return KeysetPage.of(jdbc.query("select id, owner_id, kind, amount, balance_after, reference, created_at "
                + "from ledger_entry where owner_id = ? and id > ? order by id limit ?", ENTRY, ownerId, after,
                KeysetPage.rowsToRead(limit)), limit, LedgerEntry::id);
    }

    /** The entry posted under a reference, if any. */
    @Transactional(readOnly = true)
    public Optional<LedgerEntry> entry(long ownerId, String reference) {
        return jdbc.query("select id, owner_id, kind, amount, balance_after, reference, created_at from ledger_entry "
                + "where owner_id = ? and reference = ?", ENTRY, ownerId, reference).stream().findFirst();
    }

    /**
     * Locks the rows of these accounts (in OwnerId order, so that two callers wait for each other rather than
     * deadlock) until the caller's transaction ends: no entry is posted to them meanwhile.
     *
     * @return the accounts that exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<Long> lockAccounts(List<Long> sortedOwners) {
        return new HashSet<>(lockBalances(sortedOwners).keySet());
    }

    /** Locks the accounts' rows until the transaction ends, in OwnerId order; answers their balances. */
    private Map<Long, BigDecimal> lockBalances(List<Long> sortedOwners) {
        Map<Long, BigDecimal> balances = new HashMap<>();
        for (int from = 0; from < sortedOwners.size(); from += ACCOUNTS_PER_STATEMENT) {
            List<Long> chunk = sortedOwners.subList(from, Math.min(sortedOwners.size(), from + ACCOUNTS_PER_STATEMENT));
            jdbc.query("select owner_id, balance from account where owner_id in (" + placeholders(chunk.size())
                    + ") order by owner_id for update", rs -> {
                        balances.put(rs.getLong(1), rs.getBigDecimal(2));
                    }, chunk.toArray());
        }
        return balances;
    }

    /**
     * The entries of the accounts under the references, keyed by "ownerId reference". Bills of one period share
     * their reference across accounts, so a run's charges have few distinct references.
     */
    private Map<String, LedgerEntry> posted(List<Long> sortedOwners, List<String> references) {
        Map<String, LedgerEntry> posted = new HashMap<>();
        int referencesPerStatement = Math.max(1, ACCOUNTS_PER_STATEMENT - Math.min(references.size(), 400));
        for (int r = 0; r < references.size(); r += 400) {
            List<String> someReferences = references.subList(r, Math.min(references.size(), r + 400));
            for (int from = 0; from < sortedOwners.size(); from += referencesPerStatement) {
                List<Long> chunk = sortedOwners.subList(from,
                        Math.min(sortedOwners.size(), from + referencesPerStatement));
                List<Object> arguments = new ArrayList<>(chunk);
                arguments.addAll(someReferences);
                jdbc.query("select id, owner_id, kind, amount, balance_after, reference, created_at from ledger_entry "
                        + "where owner_id in (" + placeholders(chunk.size()) + ") and reference in ("
                        + placeholders(someReferences.size()) + ")", rs -> {
                            LedgerEntry entry = ENTRY.mapRow(rs, 0);
                            posted.put(entry.ownerId() + " " + entry.reference(), entry);
                        }, arguments.toArray());
            }
        }
        return posted;
    }

    private static String placeholders(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static final RowMapper<LedgerEntry> ENTRY = (ResultSet rs, int row) -> new LedgerEntry(rs.getLong(1),
            rs.getLong(2), EntryKind.valueOf(rs.getString(3)), rs.getBigDecimal(4), rs.getBigDecimal(5),
            rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant());
}
