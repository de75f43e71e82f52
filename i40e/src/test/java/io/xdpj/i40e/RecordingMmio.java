package io.xdpj.i40e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.xdpj.vfio.Mmio;

/** A register window that records every write and answers reads from preset values (unit tests). */
final class RecordingMmio implements Mmio {

    record Write(int offset, int value) {
    }

    final List<Write> writes = new ArrayList<>();
    final Map<Integer, Integer> values = new HashMap<>();
    final Map<Integer, Long> values64 = new HashMap<>();

    @Override
    public int read32(int offset) {
        return values.getOrDefault(offset, 0);
    }

    @Override
    public void write32(int offset, int value) {
        writes.add(new Write(offset, value));
        values.put(offset, value);
    }

    @Override
    public long read64(int offset) {
        return values64.getOrDefault(offset, 0L);
    }

    @Override
    public long length() {
        return 8 << 20;
    }

    int lastWrite(int offset) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            if (writes.get(i).offset() == offset) {
                return writes.get(i).value();
            }
        }
        throw new AssertionError("no write to 0x" + Integer.toHexString(offset));
    }
}
