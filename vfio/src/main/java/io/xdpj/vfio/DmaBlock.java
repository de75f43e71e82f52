package io.xdpj.vfio;

import java.util.Locale;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What every allocator's {@link DmaMemory} holds: the process address, the IOVA, the length, the purpose and a
 * buffer view (for blocks under 2 GiB). Subclasses say how the block is given back in {@link #close()}.
 */
public abstract class DmaBlock implements DmaMemory {

    private final long address;
    private final long iova;
    private final long length;
    private final String purpose;
    private final UnsafeBuffer view;

    protected DmaBlock(long address, long iova, long length, String purpose) {
        this.address = address;
        this.iova = iova;
        this.length = length;
        this.purpose = purpose;
        this.view = length <= Integer.MAX_VALUE ? new UnsafeBuffer(address, (int) length) : null;
    }

    @Override
    public final long address() {
        return address;
    }

    @Override
    public final long iova() {
        return iova;
    }

    @Override
    public final long length() {
        return length;
    }

    @Override
    public final AtomicBuffer buffer() {
        if (view == null) {
            throw new DmaException(purpose + " is " + length + " bytes, too large for an int-indexed buffer view;"
                + " use address() with long arithmetic");
        }
        return view;
    }

    @Override
    public final String purpose() {
        return purpose;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s [va 0x%x, iova 0x%x, %d bytes]", purpose, address, iova, length);
    }
}
