namespace Rollouts.Serving.Inference;

/// <summary>An append-only array that grows by doubling; <see cref="ToArray"/> hands back the array itself when full.</summary>
internal struct GrowBuffer<T>(int capacity)
{
    private T[] items = new T[Math.Max(1, capacity)];
    private int count;

    public readonly int Count => count;

    public void Add(T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[count++] = item;
    }

    public readonly T[] ToArray()
    {
        if (count == items.Length)
        {
            return items;
        }

        var exact = new T[count];
        Array.Copy(items, exact, count);
        return exact;
    }
}
