package io.hiroi.auth;

import java.util.Objects;

/**
 * The outcome of {@link NewDeviceDetector#check}: whether a sign-in came from a device or a
 * network this user has not used within the remembered period. Email the user an alert for
 * {@link Status#NEW_DEVICE} and {@link Status#NEW_NETWORK}.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceCheck {
  /** What the detector found. */
  public enum Status {
    /** Both the device and the network are remembered for this user. */
    KNOWN,
    /** The device is new (the network may be new as well: see {@link #isNewNetwork()}). */
    NEW_DEVICE,
    /** The device is remembered, the network is new. */
    NEW_NETWORK,
    /** The store could not answer; nothing was remembered. Alert if in doubt. */
    UNAVAILABLE
  }

  private final Status status;
  private final boolean newNetwork;

  private DeviceCheck(Status status, boolean newNetwork) {
    this.status = status;
    this.newNetwork = newNetwork;
  }

  static DeviceCheck of(boolean deviceKnown, boolean networkKnown) {
    Status s = !deviceKnown ? Status.NEW_DEVICE : !networkKnown ? Status.NEW_NETWORK : Status.KNOWN;
    return new DeviceCheck(s, !networkKnown);
  }

  static DeviceCheck unavailable() {
    return new DeviceCheck(Status.UNAVAILABLE, false);
  }

  /**
   * Returns what the detector found.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Tells whether the user should be alerted.
   *
   * @return {@code true} for {@link Status#NEW_DEVICE} and {@link Status#NEW_NETWORK}
   */
  public boolean isNew() {
    return status == Status.NEW_DEVICE || status == Status.NEW_NETWORK;
  }

  /**
   * Tells whether the network was new, whatever the device.
   *
   * @return {@code true} if the network was not remembered
   */
  public boolean isNewNetwork() {
    return newNetwork;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceCheck && ((DeviceCheck) o).status == status && ((DeviceCheck) o).newNetwork == newNetwork;
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, newNetwork);
  }

  @Override
  public String toString() {
    return "DeviceCheck[" + status + (newNetwork ? ", new network" : "") + "]";
  }
}
