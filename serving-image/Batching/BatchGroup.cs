namespace Rollouts.Serving.Batching;

/// <summary>Requests collected for one merged Run: same trailing dims, at most the max batch size rows in all.</summary>
internal sealed class BatchGroup
{
    public List<BatchItem> Items { get; } = new(8);

    public long Rows { get; private set; }

    public void Add(BatchItem item)
    {
        Items.Add(item);
        Rows += item.Request.Rows;
    }

    public void Clear()
    {
        Items.Clear();
        Rows = 0;
    }
}
