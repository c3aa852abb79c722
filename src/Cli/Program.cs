using System.CommandLine;
using Orleans.Lse.Cli.Commands;

var root = new RootCommand("Orleans.Lse: explain classifier mistakes with latent sympathetic examples (LSE) and find latent adversarial examples (LAE).");
root.Subcommands.Add(ReproduceCommand.Create());
root.Subcommands.Add(BenchmarkCommand.Create());
root.Subcommands.Add(ModelCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(CelebaCommand.Create());
root.Subcommands.Add(Orleans.Lse.Cli.Campaigns.CampaignCommand.Create());
return await root.Parse(args).InvokeAsync();
