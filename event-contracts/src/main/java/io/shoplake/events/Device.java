package io.shoplake.events;

/**
 * Device of a session: {@code type} is desktop, mobile or tablet. Fixed for a session.
 *
 * @param type device class
 * @param os operating system
 * @param browser browser or app
 */
public record Device(String type, String os, String browser) {
}
