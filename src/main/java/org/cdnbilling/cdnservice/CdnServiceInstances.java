package org.cdnbilling.cdnservice;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CdnServiceInstances extends JpaRepository<CdnServiceInstance, Long> {

    Optional<CdnServiceInstance> findByOwnerId(long ownerId);

    boolean existsByOwnerId(long ownerId);
}
