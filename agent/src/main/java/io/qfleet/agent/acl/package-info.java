/**
 * SQL for QuestDB Enterprise access control: users, groups, service accounts and grants, built
 * only from validated values ({@link io.qfleet.agent.acl.EntityName},
 * {@link io.qfleet.agent.acl.TableName}, {@link io.qfleet.agent.acl.Password},
 * {@link io.qfleet.agent.acl.Permission}) so no input can end a statement or start another.
 *
 * <p>Names are always double-quoted, passwords always single-quoted with {@code '} doubled
 * (QUESTDB.md section 7). Anything logged, journaled or put in an event goes through
 * {@link io.qfleet.agent.acl.AclSql#forLog(String)}, which replaces every password literal with
 * {@code '***'}. Nothing here talks to a server; every statement shape is from the Enterprise
 * docs ({@code query/sql/acl/*.md}, {@code security/rbac.md}) and unverified without an EE binary.
 */
package io.qfleet.agent.acl;
