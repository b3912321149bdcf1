package org.cdnbilling.order;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface Orders extends JpaRepository<CdnOrder, Long> {

    /** The order that currently blocks new orders of this account (accepted or activated), if any. */
    @Query("select o from CdnOrder o where o.activeOwnerId = :ownerId")
    Optional<CdnOrder> findByActiveOwnerId(long ownerId);

    List<CdnOrder> findByOwnerIdOrderByCreatedAtAsc(long ownerId);
}
