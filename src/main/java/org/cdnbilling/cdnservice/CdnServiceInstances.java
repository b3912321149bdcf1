package org.cdnbilling.cdnservice;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface CdnServiceInstances extends JpaRepository<CdnServiceInstance, Long> {

    @Query("select s from CdnServiceInstance s where s.ownerId = :ownerId")
    Optional<CdnServiceInstance> findByOwnerId(long ownerId);

    /**
     * The account's service, its row locked until the transaction ends: concurrent changes of one account's
     * service wait for each other instead of failing on its version.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from CdnServiceInstance s where s.ownerId = :ownerId")
    Optional<CdnServiceInstance> findByOwnerIdForUpdate(long ownerId);

    @Query("select count(s) > 0 from CdnServiceInstance s where s.ownerId = :ownerId")
    boolean existsByOwnerId(long ownerId);
}
