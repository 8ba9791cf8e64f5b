using System.Text;
using Harness.Dashboard.Data;
using Harness.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Harness.Dashboard.Api;

/// <summary>
/// The JSON API the pages read (all GET, all read-only):
/// /api/experiments; /api/experiments/{name}[?version=]; …/trials (filter, state, sort, order, offset, limit);
/// …/points; …/curves; /api/trials/{id}; /api/trials/{id}/config.json. Experiment endpoints take ?since=STAMP.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>How many finished trials the experiment page draws learning curves for.</summary>
    public const int CurveCount = 10;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/experiments", (HttpContext c, TrialSnapshots s) =>
        {
            var all = s.All();
            var versions = s.Store.ListExperiments().ToLookup(e => e.Name, e => e.Version);
            return Stamped.Json(c, string.Join("-", all.Select(x => x.Stamp)),
                () => all.Select(x => Summaries.Of(x, [.. versions[x.Experiment.Name].Order()])).ToList());
        });
        app.MapGet("/api/experiments/{name}", (HttpContext c, TrialSnapshots s, string name, string? version) =>
            WithExperiment(s, name, version, x => Stamped.Json(c, x.Stamp, () => new ExperimentDetailDto(Summaries.Of(x, Versions(s.Store, x)), Summaries.Spec(x.Experiment.SpecJson)))));
        app.MapGet("/api/experiments/{name}/trials", (HttpContext c, TrialSnapshots s, string name, string? version,
            string? filter, string? state, string? sort, string? order, string? offset, string? limit) =>
        {
            var query = TrialQuery.Parse(filter, state, sort, order, offset, limit, out var error);
            if (error is not null) return Stamped.Error(StatusCodes.Status400BadRequest, error);
            return WithExperiment(s, name, version, x => query.Unknown(x) is { } unknown
                ? Stamped.Error(StatusCodes.Status400BadRequest, unknown)
                : Stamped.Json(c, x.Stamp, () => query.Apply(x)));
        });
        app.MapGet("/api/experiments/{name}/points", (HttpContext c, TrialSnapshots s, string name, string? version) =>
            WithExperiment(s, name, version, x => Stamped.Json(c, x.Stamp, () => new PointsDto(x.Experiment.Name, x.Experiment.Version,
                x.Stamp, x.ParamNames, x.ParamNumeric, [.. Enumerable.Range(0, x.Trials.Count).Select(i => Rows.Point(x, i))]))));
        app.MapGet("/api/experiments/{name}/curves", (HttpContext c, TrialSnapshots s, string name, string? version) =>
            WithExperiment(s, name, version, x => Stamped.Json(c, x.Stamp, () => Curves.Of(x, s.Store, CurveCount))));
        app.MapGet("/api/trials/{id:long}", (TrialSnapshots s, long id) => WithTrial(s, id, (e, t) =>
        {
            var snapshot = s.Get(e.Name, e.Version)!;
            var names = snapshot.ParamNames;
            return Results.Json(new TrialDetailDto(t, names, [.. names.Select(n => t.Params.GetValueOrDefault(n))], s.Store.GetEpochs(id),
                Reproduction.ConfigFile(e, t), Reproduction.FileName(e, t), Reproduction.Command(e, t)));
        }));
        app.MapGet("/api/trials/{id:long}/config.json", (TrialSnapshots s, long id) => WithTrial(s, id, (e, t) =>
            Results.File(Encoding.UTF8.GetBytes(Reproduction.ConfigFile(e, t)), "application/json", Reproduction.FileName(e, t))));
    }

    private static IReadOnlyList<int> Versions(IExperimentStore store, TrialSnapshot x) =>
        [.. store.ListExperiments().Where(e => e.Name == x.Experiment.Name).Select(e => e.Version).Order()];

    private static IResult WithExperiment(TrialSnapshots s, string name, string? versionText, Func<TrialSnapshot, IResult> found)
    {
        int? version = null;
        if (!string.IsNullOrWhiteSpace(versionText))
        {
            if (!int.TryParse(versionText, out var asked) || asked < 1)
                return Stamped.Error(StatusCodes.Status400BadRequest, $"version '{versionText}' is not allowed; use a whole number from 1 (or leave it out for the latest)");
            version = asked;
        }
        if (s.Get(name, version) is { } x) return found(x);
        var known = s.Store.ListExperiments().Select(e => e.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var what = version is { } v ? $"experiment '{name}' version {v}" : $"experiment '{name}'";
        return Stamped.Error(StatusCodes.Status404NotFound,
            $"{what} is not in the store; known: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}");
    }

    private static IResult WithTrial(TrialSnapshots s, long id, Func<ExperimentRecord, TrialRecord, IResult> found)
    {
        if (s.Store.GetTrial(id) is { } t && s.Store.GetExperiment(t.Experiment, t.Version) is { } e) return found(e, t);
        return Stamped.Error(StatusCodes.Status404NotFound, $"trial {id} is not in the store");
    }
}
