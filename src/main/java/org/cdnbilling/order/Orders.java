package org.cdnbilling.order;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Orders extends JpaRepository<CdnOrder, Long> {

    /** The order that currently blocks new orders of this account (accepted or activated), if any. */
    Optional<CdnOrder> findByActiveOwnerId(long ownerId);

    List<CdnOrder> findByOwnerIdOrderByCreatedAtAsc(long ownerId);
}
