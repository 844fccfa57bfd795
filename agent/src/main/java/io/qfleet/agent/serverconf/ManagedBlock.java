package io.qfleet.agent.serverconf;

import java.time.LocalDate;
import java.util.List;

/**
 * The one block of keys qfleet added to a server conf, at the end of the file:
 * <pre>
 * (an empty line)
 * # --- managed by qfleet: keys added on 2026-03-14; qfleet strips them on rollback ---
 * acl.enabled=true
 * # --- end of keys managed by qfleet ---
 * </pre>
 * The markers make a later strip exact: once the block holds no definition it goes, markers and the
 * empty line before it included, which gives the file back as it was before the block was created.
 * The date is the day the block was created; later additions reuse the block.
 */
final class ManagedBlock {
    static final String HEADER_PREFIX = "# --- managed by qfleet: keys added on ";
    static final String HEADER_SUFFIX = "; qfleet strips them on rollback ---";
    static final String END = "# --- end of keys managed by qfleet ---";

    private ManagedBlock() {
    }

    /** Adds {@code definition} at the end of the block, creating the block at the end of the file if needed. */
    static void add(List<ConfItem> items, ConfItem definition, LocalDate today, String newline) {
        int header = header(items);
        if (header >= 0) {
            int end = end(items, header);
            if (end < 0) { // the end line was deleted by hand: the block runs to the end of the file
                stopLastLineContinuing(items);
                ConfItem last = items.get(items.size() - 1);
                if (last.terminator().isEmpty()) {
                    items.set(items.size() - 1, new ConfItem(last.raw() + newline, last.key(), last.value(), last.firstLine()));
                }
            }
            items.add(end >= 0 ? end : items.size(), definition);
            return;
        }
        // One empty line before the block; on an unterminated last line it only ends that line.
        if (!items.isEmpty()) {
            stopLastLineContinuing(items);
            items.add(ConfItem.trivia(newline, 0));
        }
        items.add(ConfItem.trivia(HEADER_PREFIX + today + HEADER_SUFFIX + newline, 0));
        items.add(definition);
        items.add(ConfItem.trivia(END + newline, 0));
    }

    /**
     * A last definition ending in an odd number of backslashes ("k=v\\" at the end of the file): load
     * drops that backslash, but a line added after it would become part of the value, so it goes (the
     * value stays the same).
     */
    private static void stopLastLineContinuing(List<ConfItem> items) {
        int lastIndex = items.size() - 1;
        ConfItem last = items.get(lastIndex);
        if (last.isDefinition() && PropertiesText.continues(last.content())) {
            String content = last.content();
            items.set(lastIndex, new ConfItem(content.substring(0, content.length() - 1) + last.terminator(), last.key(), last.value(),
                    last.firstLine()));
        }
    }

    /** Drops the block when only blank lines remain between its markers, with the empty line before it. */
    static void dropIfEmpty(List<ConfItem> items) {
        int header = header(items);
        if (header < 0) {
            return;
        }
        int end = end(items, header);
        int stop = end >= 0 ? end : items.size() - 1;
        for (int i = header + 1; i <= stop; i++) {
            if (i != end && !items.get(i).content().isBlank()) {
                return;
            }
        }
        items.subList(header, stop + 1).clear();
        if (header > 0 && items.get(header - 1).content().isEmpty() && !items.get(header - 1).isDefinition()) {
            items.remove(header - 1);
        }
    }

    private static int header(List<ConfItem> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            ConfItem item = items.get(i);
            if (!item.isDefinition() && item.content().startsWith(HEADER_PREFIX)) {
                return i;
            }
        }
        return -1;
    }

    private static int end(List<ConfItem> items, int header) {
        for (int i = header + 1; i < items.size(); i++) {
            ConfItem item = items.get(i);
            if (!item.isDefinition() && item.content().strip().equals(END)) {
                return i;
            }
        }
        return -1;
    }
}
