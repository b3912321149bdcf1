-- AccessKey pairs of accounts; secrets encrypted by the application (AES-GCM, key from CDN_SECRET_KEY).
create table access_key (
    access_key_id     varchar(64)  not null primary key,
    owner_id          bigint       not null references account (owner_id),
    secret_ciphertext varchar(256) not null,
    status            varchar(16)  not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    version           bigint       not null
);

create index ix_access_key_owner on access_key (owner_id);

-- Signature nonces seen recently, per AccessKey: a second use within the window is refused. Shared by
-- every node through the database; expired rows are deleted periodically.
create table signature_nonce (
    access_key_id varchar(64)  not null,
    nonce         varchar(128) not null,
    expires_at    timestamp with time zone not null,
    constraint pk_signature_nonce primary key (access_key_id, nonce)
);

create index ix_signature_nonce_expiry on signature_nonce (expires_at);
