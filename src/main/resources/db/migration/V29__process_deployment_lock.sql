-- One row that nodes lock (select ... for update) while they check which shipped diagrams are deployed and deploy
-- the new ones, in one transaction: nodes of a release starting at once deploy a new diagram once. Camunda's own
-- deployment lock does the same on PostgreSQL, but Camunda skips its pessimistic locks on H2 (ShippedProcesses).
create table process_deployment_lock (
    name varchar(64) primary key
);
insert into process_deployment_lock (name) values ('shipped-processes');
