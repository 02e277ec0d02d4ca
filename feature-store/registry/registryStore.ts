/**
 * The registry concern: what `apply` registered for a project, and which time intervals
 * materialization already copied online, per view (so `materialize-incremental` knows where
 * to start).
 */
import type { FeatureRepo } from '../types';

/** One completed materialization of one view. */
export interface MaterializationInterval {
  start: Date;
  end: Date;
  doneAt: Date;
}

export interface RegistryStore {
  init(): Promise<void>;
  /** The applied repo of `project`, or null before the first apply. */
  getRepo(project: string): Promise<{ repo: FeatureRepo; appliedAt: Date } | null>;
  saveRepo(project: string, repo: FeatureRepo, appliedAt: Date): Promise<void>;
  addInterval(project: string, view: string, interval: MaterializationInterval): Promise<void>;
  /** Completed intervals of a view, latest end first. */
  intervals(project: string, view: string): Promise<MaterializationInterval[]>;
  /** Forgets the intervals of a view (when it is removed). */
  clearIntervals(project: string, view: string): Promise<void>;
}
