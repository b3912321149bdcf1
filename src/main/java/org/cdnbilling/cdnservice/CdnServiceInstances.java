package org.cdnbilling.cdnservice;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface CdnServiceInstances extends JpaRepository<CdnServiceInstance, Long> {

    @Query("select s from CdnServiceInstance s where s.ownerId = :ownerId")
    Optional<CdnServiceInstance> findByOwnerId(long ownerId);

    @Query("select count(s) > 0 from CdnServiceInstance s where s.ownerId = :ownerId")
    boolean existsByOwnerId(long ownerId);
}
