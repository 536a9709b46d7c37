/**
 * Redis backends of hiroi-auth's stores, through Lettuce (an optional dependency): every
 * operation that must be atomic is one Lua script or one command, every script names each key it
 * touches in {@code KEYS}, a user's session keys share one hash tag (one Redis Cluster slot), and
 * every key expires by itself.
 */
package io.hiroi.auth.redis;
