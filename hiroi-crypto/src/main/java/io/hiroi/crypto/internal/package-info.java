/**
 * Not API: may change in any release. Implementation of {@code io.hiroi.crypto}, meant for sibling
 * hiroi modules only. That is a convention, not enforced: hiroi's jars have no {@code
 * module-info}, so on the class path (or as automatic modules) any code can call the public types
 * here, {@link io.hiroi.crypto.internal.SiblingKeys} among them. Host code must not.
 */
package io.hiroi.crypto.internal;
