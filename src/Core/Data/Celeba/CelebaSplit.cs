namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>CelebA's partitions, as list_eval_partition.txt numbers them.</summary>
public enum CelebaSplit
{
    Train = 0,
    Validation = 1,
    Test = 2,
}
